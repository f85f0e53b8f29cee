package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Nesterov momentum in Sutskever's form (reference section 9.3). Kiln stores the look-ahead point
 * {@code theta = x + mu v}, so the gradient is taken where Nesterov's method takes it:
 * {@code v' = mu v - lr_t g(theta)}, {@code theta <- theta - mu v + (1 + mu) v'}; the step
 * {@code -mu v + (1 + mu) v'} equals {@code mu v' - lr_t g}, which is what is computed.
 */
public record Nesterov(double mu) implements GradientTransform {

    public Nesterov {
        Checks.fraction("momentum", mu);
    }

    @Override
    public String id() {
        return "nesterov";
    }

    @Override
    public List<String> stateNames() {
        return List.of("v");
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray velocity = state[0];
        INDArray d = slot.update();
        InPlace math = slot.math();
        math.scale(d, -slot.learningRate());      // d = -lr g
        math.scale(velocity, mu);
        math.addScaled(velocity, 1, d);           // v' = mu v - lr g
        math.addScaled(d, mu, velocity);          // step = mu v' - lr g
    }

    @Override
    public String toString() {
        return "nesterov=" + mu;
    }

    @Override
    public Role role() {
        return Role.STEP;
    }
}
