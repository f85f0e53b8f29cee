package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Adamax (reference section 9.10): {@code m <- b1 m + (1-b1) g}, {@code u <- max(b2 u, |g|)} (an
 * infinity norm, needing no bias correction), direction {@code (m / (1-b1^t)) / (u + eps)}.
 */
public record AdamaxScaling(double beta1, double beta2, double epsilon) implements GradientTransform {

    public AdamaxScaling {
        Checks.fraction("beta1", beta1);
        Checks.fraction("beta2", beta2);
        Checks.notNegative("epsilon", epsilon);
    }

    @Override
    public String id() {
        return "adamax";
    }

    @Override
    public List<String> stateNames() {
        return List.of("m", "u");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray m = state[0];
        INDArray u = state[1];
        INDArray g = slot.update();
        INDArray scratch = slot.scratch(0);
        InPlace math = slot.math();
        math.movingAverage(m, beta1, g);
        math.copy(g, scratch);
        Transforms.abs(scratch, false);
        math.scale(u, beta2);
        Transforms.max(u, scratch, false);
        math.copy(u, scratch);
        math.add(scratch, epsilon);
        math.copy(m, g);
        math.scale(g, 1 / Moments.correction(beta1, step.t()));
        g.divi(scratch);
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
