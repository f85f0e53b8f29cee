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
 * Adadelta (reference section 9.6): {@code E_g <- rho E_g + (1-rho) g^2}, direction
 * {@code d = sqrt(E_dx + eps) / sqrt(E_g + eps) g}, {@code E_dx <- rho E_dx + (1-rho) d^2}. The
 * chain's {@code -lr} scaling then gives {@code theta <- theta + lr Delta} with {@code Delta = -d}.
 */
public record AdadeltaScaling(double rho, double epsilon) implements GradientTransform {

    public AdadeltaScaling {
        Checks.fraction("rho", rho);
        Checks.positive("epsilon", epsilon);
    }

    @Override
    public String id() {
        return "adadelta";
    }

    @Override
    public List<String> stateNames() {
        return List.of("gradientSquares", "updateSquares");
    }

    @Override
    public int scratchArrays() {
        return 2;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray g = slot.update();
        INDArray gradientSquares = state[0];
        INDArray updateSquares = state[1];
        INDArray ratio = slot.scratch(0);
        INDArray denominator = slot.scratch(1);
        InPlace math = slot.math();
        math.square(g, ratio);
        math.movingAverage(gradientSquares, rho, ratio);
        rootOfSumWithEpsilon(updateSquares, ratio, math);
        rootOfSumWithEpsilon(gradientSquares, denominator, math);
        ratio.divi(denominator);
        g.muli(ratio);
        math.square(g, ratio);
        math.movingAverage(updateSquares, rho, ratio);
    }

    /** {@code target <- sqrt(source + eps)}: Adadelta's RMS with eps inside the root. */
    private void rootOfSumWithEpsilon(INDArray source, INDArray target, InPlace math) {
        math.copy(source, target);
        math.add(target, epsilon);
        Transforms.sqrt(target, false);
    }

    @Override
    public String toString() {
        return "rho=" + rho + ", eps=" + epsilon;
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
