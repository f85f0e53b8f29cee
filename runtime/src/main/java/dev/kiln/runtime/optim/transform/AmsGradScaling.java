package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * AMSGrad (reference section 9.9): Adam with {@code v_max <- max(v_max, v)} on the raw v and
 * {@code v^ = v_max / (1-b2^t)}, so the per-coordinate step size never grows.
 */
public record AmsGradScaling(double beta1, double beta2, double epsilon, boolean biasCorrection)
        implements GradientTransform {

    public AmsGradScaling {
        Checks.fraction("beta1", beta1);
        Checks.fraction("beta2", beta2);
        Checks.notNegative("epsilon", epsilon);
    }

    @Override
    public String id() {
        return "amsgrad";
    }

    @Override
    public List<String> stateNames() {
        return List.of("m", "v", "vMax");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray m = state[0];
        INDArray v = state[1];
        INDArray vMax = state[2];
        Moments.update(m, beta1, v, beta2, slot.update(), slot.scratch(0), slot.math());
        Transforms.max(vMax, v, false);
        double c1 = biasCorrection ? Moments.correction(beta1, step.t()) : 1;
        double c2 = biasCorrection ? Moments.correction(beta2, step.t()) : 1;
        Moments.adamDirection(m, c1, vMax, c2, epsilon, slot.update(), slot.scratch(0), slot.math());
    }

    @Override
    public String toString() {
        return "beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + (biasCorrection ? "" : ", no bias correction");
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
