package dev.kiln.processor.check;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.VarianceScaling;

/**
 * Which weight initializers suit which activations (reference section 5, the table the defaults
 * follow): Kaiming for the ReLU family, Xavier for tanh and sigmoid, LeCun normal for SELU.
 */
final class InitAdvice {
    private InitAdvice() {
    }

    /** A suggestion when {@code init} does not suit {@code activation}, else null. */
    static String mismatch(InitSpec init, ActivationFunction activation) {
        Scheme scheme = init.scheme();
        boolean fanInOnly = scheme == Scheme.XAVIER_NORMAL || scheme == Scheme.XAVIER_UNIFORM
                || scheme == Scheme.LECUN_NORMAL || scheme == Scheme.LECUN_UNIFORM;
        boolean kaiming = scheme == Scheme.KAIMING_NORMAL || scheme == Scheme.KAIMING_UNIFORM;
        if (activation.kind() == Activation.SELU) {
            // Self-normalization is derived for N(0, 1/fanIn) weights; VARIANCE_SCALING(1, fan_in, normal) is that same draw.
            boolean lecunNormal = scheme == Scheme.LECUN_NORMAL
                    || scheme == Scheme.VARIANCE_SCALING && VarianceScaling.of(init).isLecunNormal();
            return lecunNormal || scheme.isConstant() ? null : "use Scheme.LECUN_NORMAL, which SELU's self-normalization assumes";
        }
        if (fanInOnly && activation.kind().isReluFamily()) {
            return "use Scheme.KAIMING_NORMAL (gain " + round(activation.gain()) + " for " + activation + ")";
        }
        if (kaiming && activation.kind().isSaturating()) {
            return "use Scheme.XAVIER_NORMAL";
        }
        return null;
    }

    /** The one-line reason that goes with {@link #mismatch}. */
    static String why(Scheme scheme, ActivationFunction activation) {
        if (activation.kind() == Activation.SELU) {
            return "SELU keeps activations at mean 0 and variance 1 only with LeCun normal weights";
        }
        if (activation.kind().isReluFamily()) {
            return "ReLU-like units zero about half their inputs, so with a 1/fan variance the second moment of the signal halves at every layer";
        }
        return "the Kaiming variance is twice what " + activation + " needs, which drives units into saturation";
    }

    /**
     * The forward factor fanIn·E[w²] that keeps the signal's scale, as Kiln's defaults table has it:
     * the activation's gain² for the ReLU family (Kaiming), 1 otherwise (Xavier, LeCun: tanh and
     * sigmoid are analysed in their linear regime). An identity map needs 1 whatever follows it:
     * it keeps the signs of its input, so a ReLU after it halves the second moment at most once.
     */
    static double targetFactor(Scheme scheme, ActivationFunction activation) {
        if (scheme == Scheme.IDENTITY || scheme == Scheme.DIRAC) {
            return 1.0;
        }
        return activation.kind().isReluFamily() ? activation.gain() * activation.gain() : 1.0;
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }
}
