package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Turns a descent direction into the step: {@code d <- -lr_t d}, with the parameter's scheduled rate. */
public record ScaleByLearningRate() implements GradientTransform {

    @Override
    public String id() {
        return "lr";
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        slot.math().scale(slot.update(), -slot.learningRate());
    }

    @Override
    public Role role() {
        return Role.STEP;
    }

    @Override
    public String toString() {
        return "lr";
    }
}
