package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;
import dev.kiln.ir.TruncatedNormal;
import dev.kiln.ir.VarianceScaling;

import java.util.SplittableRandom;

/**
 * VARIANCE_SCALING and its named instances LeCun, Xavier/Glorot and Kaiming/He (reference §5):
 * zero-mean draws with variance scale/fan, the named schemes mapped by {@link VarianceScaling#of}.
 * Normal: std = √(scale/fan). Uniform: bounds ±√3·std. Truncated: N(0, s²) redrawn outside ±2s
 * with s = std / 0.87962566, so the truncated draws keep the variance scale/fan.
 */
final class VarianceScalingFill implements SchemeFill {
    private static final double SQRT3 = Math.sqrt(3.0);

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        VarianceScaling form = VarianceScaling.of(spec);
        Fans fans = Fans.of(shape);
        double std = Math.sqrt(form.variance(fans.fanIn(), fans.fanOut()));
        switch (form.distribution()) {
            case NORMAL -> Draws.normal(values, 0.0, std, rng);
            case UNIFORM -> Draws.uniform(values, -SQRT3 * std, SQRT3 * std, rng);
            case TRUNCATED_NORMAL -> Draws.truncatedNormal(values,
                    TruncatedNormal.twoSigma(0.0, std / TruncatedNormal.TWO_SIGMA_STD_FACTOR), rng);
        }
    }
}
