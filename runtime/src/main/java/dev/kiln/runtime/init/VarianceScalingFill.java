package dev.kiln.runtime.init;

import dev.kiln.dsl.FanMode;
import dev.kiln.ir.InitSpec;

import java.util.SplittableRandom;

/**
 * LeCun, Xavier/Glorot and Kaiming/He (reference §5): zero-mean draws with std = gain·√(1/fan),
 * where the fan is fanIn (LeCun), the mean (fanIn + fanOut)/2 (Xavier) or the chosen mode
 * (Kaiming). The uniform forms use bounds ±√3·std, the bound with that standard deviation.
 * An unset (NaN) gain means 1.
 */
final class VarianceScalingFill implements SchemeFill {

    /** Which fan the variance is divided by. */
    enum FanRule {
        LECUN, XAVIER, KAIMING;

        double effectiveFan(Fans fans, FanMode mode) {
            return switch (this) {
                case LECUN -> fans.fanIn();
                case XAVIER -> (fans.fanIn() + fans.fanOut()) / 2.0;
                case KAIMING -> mode == FanMode.FAN_OUT ? fans.fanOut() : fans.fanIn();
            };
        }
    }

    private static final double SQRT3 = Math.sqrt(3.0);

    private final FanRule rule;
    private final boolean uniform;

    VarianceScalingFill(FanRule rule, boolean uniform) {
        this.rule = rule;
        this.uniform = uniform;
    }

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        double std = standardDeviation(spec, Fans.of(shape));
        if (uniform) {
            double bound = SQRT3 * std;
            Draws.uniform(values, -bound, bound, rng);
        } else {
            Draws.normal(values, 0.0, std, rng);
        }
    }

    double standardDeviation(InitSpec spec, Fans fans) {
        double gain = Double.isNaN(spec.gain()) ? 1.0 : spec.gain();
        Parameters.requireFinite("gain", gain);
        return Math.abs(gain) / Math.sqrt(rule.effectiveFan(fans, spec.mode() == null ? FanMode.FAN_IN : spec.mode()));
    }
}
