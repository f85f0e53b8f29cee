package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;
import dev.kiln.ir.TruncatedNormal;

import java.util.SplittableRandom;

/**
 * TRUNCATED_NORMAL(mean, std, low, high): N(mean, std²) redrawn outside [low, high]; std is the
 * value before truncation, and unset bounds are mean -+ 2 std.
 */
final class TruncatedNormalFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        double mean = spec.meanOrZero();
        double std = spec.std();
        Parameters.requireFinite("truncated normal mean", mean);
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("truncated normal std must be positive and finite, got " + std);
        }
        double low = Double.isNaN(spec.low()) ? mean - 2 * std : spec.low();
        double high = Double.isNaN(spec.high()) ? mean + 2 * std : spec.high();
        Draws.truncatedNormal(values, new TruncatedNormal(mean, std, low, high), rng);
    }
}
