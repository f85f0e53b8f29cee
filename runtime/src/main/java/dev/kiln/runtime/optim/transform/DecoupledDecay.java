package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decoupled weight decay, {@code theta <- theta - lr lambda theta_prev} on top of the step (reference
 * sections 8.2 and 9.8); it never enters optimizer state. Where the update rule ends in a plain
 * {@code -lr} scaling the chain places it before that scaling as {@code d <- d + lambda theta}, which
 * gives AdamW's {@code theta - lr (step + lambda theta)} and lets LAMB's trust ratio see the decay;
 * after a rule that applies the learning rate itself (momentum) it subtracts
 * {@code lr lambda theta} from the finished step.
 *
 * @param afterStep whether the update already is a step (learning rate applied)
 */
public record DecoupledDecay(boolean afterStep) implements GradientTransform {

    @Override
    public String id() {
        return "decay";
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        double lambda = slot.weightDecay();
        if (lambda == 0) {
            return;
        }
        double factor = afterStep ? -slot.learningRate() * lambda : lambda;
        slot.math().addScaled(slot.update(), factor, slot.value());
    }

    @Override
    public Role role() {
        return Role.DECAY;
    }
}
