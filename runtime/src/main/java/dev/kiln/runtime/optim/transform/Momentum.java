package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Classical momentum in Kiln's velocity form (reference section 9.2): {@code v <- mu v - lr_t d},
 * step {@code v}. The learning rate enters the velocity when the gradient does, so the method is
 * exact under any schedule (the form {@code b <- mu b + g; theta -= lr b} is not). Follows any
 * direction: the gradient for SGD with momentum, {@code g / (sqrt(s) + eps)} for RMSProp with momentum.
 */
public record Momentum(double mu) implements GradientTransform {

    public Momentum {
        Checks.fraction("momentum", mu);
    }

    @Override
    public String id() {
        return "momentum";
    }

    @Override
    public List<String> stateNames() {
        return List.of("v");
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray velocity = state[0];
        InPlace math = slot.math();
        math.scale(velocity, mu);
        math.addScaled(velocity, -slot.learningRate(), slot.update());
        math.copy(velocity, slot.update());
    }

    @Override
    public String toString() {
        return "momentum=" + mu;
    }

    @Override
    public Role role() {
        return Role.STEP;
    }
}
