package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.SplittableRandom;

/**
 * One family of initialization schemes. New schemes (orthogonal, truncated normal, ...) are new
 * implementations registered in {@link Initializers}.
 */
interface SchemeFill {

    /** Writes the initial values of a tensor of {@code shape}, in row-major order, into values. */
    void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng);
}
