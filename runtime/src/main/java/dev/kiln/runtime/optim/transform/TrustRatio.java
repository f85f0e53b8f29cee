package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer-wise trust ratio of LARS and LAMB: {@code d <- r d} per tensor with
 * {@code r = phi(||theta||) / (||d|| + eps)}, {@code phi} the identity clipped to {@code [lower, upper]}
 * (reference section 9.13). {@code r = 1} where either norm is 0, so zero-initialised tensors still
 * move, and for parameters without layer adaptation (biases and norms by default).
 */
public record TrustRatio(double epsilon, double lower, double upper) implements GradientTransform {

    public TrustRatio {
        Checks.notNegative("epsilon", epsilon);
        if (!(lower >= 0 && upper >= lower)) {
            throw new IllegalArgumentException("trust-ratio clip needs 0 <= lower <= upper, got [" + lower + ", " + upper + "]");
        }
    }

    /** phi = identity. */
    public TrustRatio(double epsilon) {
        this(epsilon, 0, Double.POSITIVE_INFINITY);
    }

    /** The ratio for a tensor of norm {@code parameterNorm} and a direction of norm {@code directionNorm}. */
    public double ratio(double parameterNorm, double directionNorm) {
        if (parameterNorm == 0 || directionNorm == 0) {
            return 1;
        }
        return Math.min(Math.max(parameterNorm, lower), upper) / (directionNorm + epsilon);
    }

    @Override
    public String id() {
        return "trustRatio";
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        if (slot.layerAdaptation()) {
            slot.math().scale(slot.update(), ratio(InPlace.norm(slot.value()), InPlace.norm(slot.update())));
        }
    }

    @Override
    public String toString() {
        return "trust eps=" + epsilon + (lower == 0 && upper == Double.POSITIVE_INFINITY ? ""
                : ", phi clipped to [" + lower + ", " + upper + "]");
    }

    @Override
    public Role role() {
        return Role.LAYERWISE;
    }
}
