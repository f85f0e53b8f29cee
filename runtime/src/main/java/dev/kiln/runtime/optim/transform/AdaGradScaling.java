package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** AdaGrad (reference section 9.4): {@code s <- s + g^2}, direction {@code g / (sqrt(s) + eps)}. */
public record AdaGradScaling(double epsilon) implements GradientTransform {

    public AdaGradScaling {
        Checks.notNegative("epsilon", epsilon);
    }

    @Override
    public String id() {
        return "adagrad";
    }

    @Override
    public List<String> stateNames() {
        return List.of("s");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray sum = state[0];
        INDArray scratch = slot.scratch(0);
        InPlace math = slot.math();
        math.square(slot.update(), scratch);
        sum.addi(scratch);
        Moments.rootPlusEpsilon(sum, 1, epsilon, scratch, math);
        slot.update().divi(scratch);
    }

    @Override
    public String toString() {
        return "eps=" + epsilon;
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
