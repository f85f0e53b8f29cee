package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.SplittableRandom;

/** UNIFORM(low, high): U[low, high). */
final class UniformFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        Parameters.requireFinite("uniform low", spec.low());
        Parameters.requireFinite("uniform high", spec.high());
        if (spec.low() > spec.high()) {
            throw new IllegalArgumentException("uniform needs low <= high, got low=" + spec.low() + ", high=" + spec.high());
        }
        Draws.uniform(values, spec.low(), spec.high(), rng);
    }
}
