package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * NAdam in Dozat's constant-beta1 form (reference section 9.11): Adam's m and v, and the direction
 * {@code (b1 m / (1-b1^(t+1)) + (1-b1) g / (1-b1^t)) / (sqrt(v^) + eps)}: the momentum term looks
 * one step ahead. Frameworks with a warming momentum schedule differ from it.
 */
public record NadamScaling(double beta1, double beta2, double epsilon) implements GradientTransform {

    public NadamScaling {
        Checks.fraction("beta1", beta1);
        Checks.fraction("beta2", beta2);
        Checks.notNegative("epsilon", epsilon);
    }

    @Override
    public String id() {
        return "nadam";
    }

    @Override
    public List<String> stateNames() {
        return List.of("m", "v");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray m = state[0];
        INDArray v = state[1];
        INDArray g = slot.update();
        INDArray denominator = slot.scratch(0);
        InPlace math = slot.math();
        long t = step.t();
        Moments.update(m, beta1, v, beta2, g, denominator, math);
        Moments.rootPlusEpsilon(v, 1 / Moments.correction(beta2, t), epsilon, denominator, math);
        math.scale(g, (1 - beta1) / Moments.correction(beta1, t));
        math.addScaled(g, beta1 / Moments.correction(beta1, t + 1), m);
        g.divi(denominator);
    }

    @Override
    public String toString() {
        return "beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon;
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
