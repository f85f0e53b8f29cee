package dev.kiln.ir;

import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.Scheme;

import java.util.ArrayList;
import java.util.List;

/**
 * An initializer as the IR holds it: the scheme and its parameters. NaN marks a parameter that is
 * not set. {@link #resolveFor} turns {@link Scheme#DEFAULT} into a concrete scheme.
 */
public record InitSpec(Scheme scheme, double mean, double std, double low, double high,
                       double value, double gain, FanMode mode) {

    public static InitSpec of(Scheme scheme) {
        return new InitSpec(scheme, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, FanMode.FAN_IN);
    }

    public static InitSpec normal(double mean, double std) {
        return new InitSpec(Scheme.NORMAL, mean, std, Double.NaN, Double.NaN, Double.NaN, Double.NaN, FanMode.FAN_IN);
    }

    public static InitSpec uniform(double low, double high) {
        return new InitSpec(Scheme.UNIFORM, Double.NaN, Double.NaN, low, high, Double.NaN, Double.NaN, FanMode.FAN_IN);
    }

    public static InitSpec constant(double value) {
        return new InitSpec(Scheme.CONSTANT, Double.NaN, Double.NaN, Double.NaN, Double.NaN, value, Double.NaN, FanMode.FAN_IN);
    }

    public InitSpec withGain(double newGain) {
        return new InitSpec(scheme, mean, std, low, high, value, newGain, mode);
    }

    public InitSpec withMode(FanMode newMode) {
        return new InitSpec(scheme, mean, std, low, high, value, gain, newMode);
    }

    /** The mean of a normal draw; 0 when not given. */
    public double meanOrZero() {
        return Double.isNaN(mean) ? 0.0 : mean;
    }

    /**
     * The concrete scheme for a weight followed by {@code activation}, per Kiln's defaults: Kaiming
     * normal for the ReLU family, LeCun normal for SELU, Xavier normal otherwise. An unset gain
     * becomes the activation's gain for Kaiming and 1 for Xavier, so the result is fully concrete.
     */
    public InitSpec resolveForWeights(ActivationFunction activation) {
        InitSpec concrete = scheme == Scheme.DEFAULT ? of(defaultWeightScheme(activation)).withMode(mode).withGain(gain) : this;
        if (Double.isNaN(concrete.gain) && concrete.scheme.usesGain()) {
            // Kaiming follows the activation it feeds; Xavier's published form has gain 1.
            boolean kaiming = concrete.scheme == Scheme.KAIMING_NORMAL || concrete.scheme == Scheme.KAIMING_UNIFORM;
            return concrete.withGain(kaiming ? activation.gain() : 1.0);
        }
        return concrete;
    }

    /** Biases default to zeros. */
    public InitSpec resolveForBias() {
        return scheme == Scheme.DEFAULT ? of(Scheme.ZEROS) : this;
    }

    public static Scheme defaultWeightScheme(ActivationFunction activation) {
        if (activation.kind().isReluFamily()) {
            return Scheme.KAIMING_NORMAL;
        }
        if (activation.kind() == dev.kiln.dsl.Activation.SELU) {
            return Scheme.LECUN_NORMAL;
        }
        return Scheme.XAVIER_NORMAL;
    }

    /** For example {@code kaiming_normal(fan_in)} or {@code normal(mean=0, std=0.01)}. */
    @Override
    public String toString() {
        List<String> args = new ArrayList<>();
        switch (scheme) {
            case NORMAL -> {
                args.add("mean=" + Numbers.compact(meanOrZero()));
                args.add("std=" + Numbers.compact(std));
            }
            case UNIFORM -> {
                args.add("low=" + Numbers.compact(low));
                args.add("high=" + Numbers.compact(high));
            }
            case CONSTANT -> args.add(Numbers.compact(value));
            case KAIMING_NORMAL, KAIMING_UNIFORM -> args.add(mode.name().toLowerCase(java.util.Locale.ROOT));
            default -> {
            }
        }
        if (!Double.isNaN(gain)) {
            args.add("gain=" + Numbers.significant(gain));
        }
        String name = scheme.name().toLowerCase(java.util.Locale.ROOT);
        return args.isEmpty() ? name : name + "(" + String.join(", ", args) + ")";
    }
}
