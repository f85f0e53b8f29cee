package dev.kiln.runtime.init;

import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;

import java.util.Arrays;
import java.util.SplittableRandom;

/** ZEROS and CONSTANT(value). Draws nothing, so it leaves the random stream untouched. */
final class ConstantFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        double value = spec.scheme() == Scheme.ZEROS ? 0.0 : spec.value();
        Parameters.requireFinite("constant value", value);
        Arrays.fill(values, value);
    }
}
