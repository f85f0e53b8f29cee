package dev.kiln.ir;

import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Scheme;

/**
 * The general variance-scaling initializer, Var(w) = scale / fan, and the one place that says how
 * the named schemes instantiate it (reference section 5): LeCun is (1, fan_in), Xavier is
 * (gain^2, fan_avg), Kaiming is (gain^2, its mode); each in its normal or uniform form. The runtime
 * draws every one of them through this record, and the init lints read the same variance.
 */
public record VarianceScaling(double scale, FanMode mode, Distribution distribution) {

    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("variance scaling needs a positive, finite scale, got " + scale);
        }
    }

    /** The variance-scaling form of a LeCun, Xavier, Kaiming or VARIANCE_SCALING spec. An unset gain or scale means 1. */
    public static VarianceScaling of(InitSpec spec) {
        Scheme scheme = spec.scheme();
        if (!scheme.isVarianceScaling()) {
            throw new IllegalArgumentException(scheme + " is not a variance-scaling scheme");
        }
        double gain = Double.isNaN(spec.gain()) ? 1.0 : spec.gain();
        double gainSquared = gain * gain;
        return switch (scheme) {
            case LECUN_NORMAL -> new VarianceScaling(1.0, FanMode.FAN_IN, Distribution.NORMAL);
            case LECUN_UNIFORM -> new VarianceScaling(1.0, FanMode.FAN_IN, Distribution.UNIFORM);
            case XAVIER_NORMAL -> new VarianceScaling(gainSquared, FanMode.FAN_AVG, Distribution.NORMAL);
            case XAVIER_UNIFORM -> new VarianceScaling(gainSquared, FanMode.FAN_AVG, Distribution.UNIFORM);
            case KAIMING_NORMAL -> new VarianceScaling(gainSquared, kaimingMode(spec.mode()), Distribution.NORMAL);
            case KAIMING_UNIFORM -> new VarianceScaling(gainSquared, kaimingMode(spec.mode()), Distribution.UNIFORM);
            case VARIANCE_SCALING -> new VarianceScaling(Double.isNaN(spec.scale()) ? 1.0 : spec.scale(),
                    spec.mode() == null ? FanMode.FAN_IN : spec.mode(), spec.distribution());
            default -> throw new AssertionError(scheme);
        };
    }

    private static FanMode kaimingMode(FanMode mode) {
        if (mode == FanMode.FAN_AVG) {
            throw new IllegalArgumentException("Kaiming divides by fan_in or fan_out; fan_avg is VARIANCE_SCALING (or Xavier)");
        }
        return mode == null ? FanMode.FAN_IN : mode;
    }

    /** The fan this form divides by. */
    public double fan(long fanIn, long fanOut) {
        return switch (mode) {
            case FAN_IN -> fanIn;
            case FAN_OUT -> fanOut;
            case FAN_AVG -> (fanIn + fanOut) / 2.0;
        };
    }

    /** Var(w) = scale / fan: the variance of the drawn weights, whatever the distribution. */
    public double variance(long fanIn, long fanOut) {
        return scale / fan(fanIn, fanOut);
    }

    /** fanIn * Var(w): the factor by which a layer multiplies the variance of a zero-mean signal. */
    public double forwardFactor(long fanIn, long fanOut) {
        return fanIn * variance(fanIn, fanOut);
    }

    /** True when this is exactly LeCun normal, the form SELU's self-normalization assumes. */
    public boolean isLecunNormal() {
        return scale == 1.0 && mode == FanMode.FAN_IN && distribution == Distribution.NORMAL;
    }
}
