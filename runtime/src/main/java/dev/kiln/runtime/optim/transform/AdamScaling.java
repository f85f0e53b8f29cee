package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Adam's direction (reference section 9.7): {@code m <- b1 m + (1-b1) g}, {@code v <- b2 v + (1-b2) g^2},
 * {@code m^ = m / (1-b1^t)}, {@code v^ = v / (1-b2^t)}, direction {@code m^ / (sqrt(v^) + eps)}; with
 * bias correction off, m and v directly. Eps sits outside the root, unlike ND4J's built-in Adam
 * (section 9.15). Also the first stage of LAMB.
 */
public record AdamScaling(double beta1, double beta2, double epsilon, boolean biasCorrection)
        implements GradientTransform {

    public AdamScaling {
        Checks.fraction("beta1", beta1);
        Checks.fraction("beta2", beta2);
        Checks.notNegative("epsilon", epsilon);
    }

    /** The same with other betas. */
    public AdamScaling betas(double b1, double b2) {
        return new AdamScaling(b1, b2, epsilon, biasCorrection);
    }

    public AdamScaling epsilon(double eps) {
        return new AdamScaling(beta1, beta2, eps, biasCorrection);
    }

    public AdamScaling biasCorrection(boolean on) {
        return new AdamScaling(beta1, beta2, epsilon, on);
    }

    @Override
    public String id() {
        return "adam";
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
        Moments.update(m, beta1, v, beta2, slot.update(), slot.scratch(0), slot.math());
        double c1 = biasCorrection ? Moments.correction(beta1, step.t()) : 1;
        double c2 = biasCorrection ? Moments.correction(beta2, step.t()) : 1;
        Moments.adamDirection(m, c1, v, c2, epsilon, slot.update(), slot.scratch(0), slot.math());
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
