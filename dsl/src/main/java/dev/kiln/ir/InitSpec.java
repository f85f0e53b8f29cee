package dev.kiln.ir;

import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.Scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An initializer as the IR holds it: the scheme and its parameters. NaN marks a parameter that is
 * not set. {@link #resolveForWeights} turns {@link Scheme#DEFAULT} into a concrete scheme.
 */
public record InitSpec(Scheme scheme, double mean, double std, double low, double high,
                       double value, double gain, FanMode mode, double scale, Distribution distribution,
                       double sparsity) {

    public static InitSpec of(Scheme scheme) {
        return new InitSpec(scheme, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, FanMode.FAN_IN, Double.NaN, Distribution.NORMAL, Double.NaN);
    }

    public static InitSpec normal(double mean, double std) {
        return of(Scheme.NORMAL).with(mean, std, Double.NaN, Double.NaN);
    }

    public static InitSpec uniform(double low, double high) {
        return of(Scheme.UNIFORM).with(Double.NaN, Double.NaN, low, high);
    }

    public static InitSpec constant(double value) {
        return new InitSpec(Scheme.CONSTANT, Double.NaN, Double.NaN, Double.NaN, Double.NaN, value, Double.NaN,
                FanMode.FAN_IN, Double.NaN, Distribution.NORMAL, Double.NaN);
    }

    /** N(mean, std^2) redrawn outside [low, high]; {@code std} is the value before truncation. */
    public static InitSpec truncatedNormal(double mean, double std, double low, double high) {
        return of(Scheme.TRUNCATED_NORMAL).with(mean, std, low, high);
    }

    /** Variance {@code scale / fan} with the fan of {@code mode}, drawn from {@code distribution}. */
    public static InitSpec varianceScaling(double scale, FanMode mode, Distribution distribution) {
        return new InitSpec(Scheme.VARIANCE_SCALING, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                mode, scale, distribution, Double.NaN);
    }

    /** N(0, std^2) with a fraction {@code sparsity} of each unit's incoming weights zero. */
    public static InitSpec sparse(double sparsity, double std) {
        return new InitSpec(Scheme.SPARSE, Double.NaN, std, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                FanMode.FAN_IN, Double.NaN, Distribution.NORMAL, sparsity);
    }

    private InitSpec with(double newMean, double newStd, double newLow, double newHigh) {
        return new InitSpec(scheme, newMean, newStd, newLow, newHigh, value, gain, mode, scale, distribution, sparsity);
    }

    public InitSpec withGain(double newGain) {
        return new InitSpec(scheme, mean, std, low, high, value, newGain, mode, scale, distribution, sparsity);
    }

    public InitSpec withMode(FanMode newMode) {
        return new InitSpec(scheme, mean, std, low, high, value, gain, newMode, scale, distribution, sparsity);
    }

    /** The mean of a normal draw; 0 when not given. */
    public double meanOrZero() {
        return Double.isNaN(mean) ? 0.0 : mean;
    }

    /**
     * The concrete scheme for a weight followed by {@code activation}, per Kiln's defaults: Kaiming
     * normal for the ReLU family, LeCun normal for SELU, Xavier normal otherwise. An unset gain
     * becomes the activation's gain for Kaiming and 1 for the other schemes with a gain, so the
     * result is fully concrete.
     */
    public InitSpec resolveForWeights(ActivationFunction activation) {
        InitSpec concrete = scheme == Scheme.DEFAULT ? of(defaultWeightScheme(activation)).withMode(mode).withGain(gain) : this;
        return concrete.withGainFor(activation);
    }

    /**
     * Biases default to zeros; a scheme with a gain left unset gets the gain weights get, so that a
     * bias spec is as concrete as a weight spec (a Kaiming bias before a ReLU draws with gain √2).
     */
    public InitSpec resolveForBias(ActivationFunction activation) {
        return scheme == Scheme.DEFAULT ? of(Scheme.ZEROS) : withGainFor(activation);
    }

    /** This spec with an unset gain made concrete for a parameter feeding {@code activation}. */
    private InitSpec withGainFor(ActivationFunction activation) {
        if (Double.isNaN(gain) && scheme.usesGain()) {
            // Kaiming follows the activation it feeds; Xavier's published form, orthogonal, identity
            // and Dirac have gain 1 (the init lint compares that with the activation).
            boolean kaiming = scheme == Scheme.KAIMING_NORMAL || scheme == Scheme.KAIMING_UNIFORM;
            return withGain(kaiming ? activation.gain() : 1.0);
        }
        return this;
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

    /** For example {@code kaiming_normal(fan_in)}, {@code normal(mean=0, std=0.01)} or
     *  {@code variance_scaling(scale=2, fan_avg, truncated_normal)}. */
    @Override
    public String toString() {
        List<String> args = new ArrayList<>();
        switch (scheme) {
            case NORMAL -> {
                args.add("mean=" + Numbers.compact(meanOrZero()));
                args.add("std=" + Numbers.compact(std));
            }
            case TRUNCATED_NORMAL -> {
                args.add("mean=" + Numbers.significant(meanOrZero()));
                args.add("std=" + Numbers.significant(std));
                args.add("low=" + Numbers.significant(low));
                args.add("high=" + Numbers.significant(high));
            }
            case UNIFORM -> {
                args.add("low=" + Numbers.compact(low));
                args.add("high=" + Numbers.compact(high));
            }
            case CONSTANT -> args.add(Numbers.compact(value));
            case KAIMING_NORMAL, KAIMING_UNIFORM -> args.add(lower(mode));
            case VARIANCE_SCALING -> {
                args.add("scale=" + Numbers.significant(Double.isNaN(scale) ? 1.0 : scale));
                args.add(lower(mode));
                args.add(lower(distribution));
            }
            case SPARSE -> {
                args.add("sparsity=" + Numbers.compact(sparsity));
                args.add("std=" + Numbers.significant(std));
            }
            default -> {
            }
        }
        if (!Double.isNaN(gain)) {
            args.add("gain=" + Numbers.significant(gain));
        }
        String name = lower(scheme);
        return args.isEmpty() ? name : name + "(" + String.join(", ", args) + ")";
    }

    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
