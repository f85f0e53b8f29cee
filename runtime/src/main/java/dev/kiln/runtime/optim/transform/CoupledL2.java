package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The L2 penalty {@code (lambda/2)||theta||^2} as its gradient, {@code g <- g + lambda theta}, before
 * the update rule (reference section 8.2), so it enters momentum and adaptive state like the data
 * gradient. Lambda is the parameter's, from its group (0 for biases and norms by default).
 */
public record CoupledL2() implements GradientTransform {

    @Override
    public String id() {
        return "l2";
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        if (slot.weightDecay() != 0) {
            slot.math().addScaled(slot.update(), slot.weightDecay(), slot.value());
        }
    }

    @Override
    public Role role() {
        return Role.DECAY;
    }
}
