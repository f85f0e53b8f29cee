package dev.kiln.processor.check;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;

/**
 * Which weight initializers suit which activations (reference section 5, the table the defaults
 * follow): Kaiming for the ReLU family, Xavier for tanh and sigmoid, LeCun normal for SELU.
 */
final class InitAdvice {
    private InitAdvice() {
    }

    /** A suggestion when {@code scheme} does not suit {@code activation}, else null. */
    static String mismatch(Scheme scheme, ActivationFunction activation) {
        boolean fanInOnly = scheme == Scheme.XAVIER_NORMAL || scheme == Scheme.XAVIER_UNIFORM
                || scheme == Scheme.LECUN_NORMAL || scheme == Scheme.LECUN_UNIFORM;
        boolean kaiming = scheme == Scheme.KAIMING_NORMAL || scheme == Scheme.KAIMING_UNIFORM;
        if (activation.kind() == Activation.SELU) {
            return scheme == Scheme.LECUN_NORMAL || scheme.isConstant() || !(fanInOnly || kaiming) ? null
                    : "use Scheme.LECUN_NORMAL, which SELU's self-normalization assumes";
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

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }
}
