package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.SplittableRandom;

/** NORMAL(mean, std): N(mean, std²), mean 0 when not given. */
final class NormalFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        double mean = spec.meanOrZero();
        Parameters.requireFinite("normal mean", mean);
        Parameters.requireNonNegative("normal std", spec.std());
        Draws.normal(values, mean, spec.std(), rng);
    }
}
