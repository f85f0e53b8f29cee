package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * RMSProp (reference section 9.5): {@code s <- rho s + (1-rho) g^2} with the current g entering
 * first, direction {@code g / (sqrt(s) + eps)}. Centered: also {@code a <- rho a + (1-rho) g} and the
 * variance {@code s - a^2} in place of s, floored at 0 against rounding.
 */
public record RmsPropScaling(double rho, double epsilon, boolean centered) implements GradientTransform {

    public RmsPropScaling {
        Checks.fraction("rho", rho);
        Checks.notNegative("epsilon", epsilon);
    }

    @Override
    public String id() {
        return "rmsprop";
    }

    @Override
    public List<String> stateNames() {
        return centered ? List.of("s", "mean") : List.of("s");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray g = slot.update();
        INDArray squares = state[0];
        INDArray scratch = slot.scratch(0);
        InPlace math = slot.math();
        math.square(g, scratch);
        math.movingAverage(squares, rho, scratch);
        if (centered) {
            INDArray mean = state[1];
            math.movingAverage(mean, rho, g);
            math.square(mean, scratch);
            scratch.rsubi(squares);
            BooleanIndexing.replaceWhere(scratch, 0.0, Conditions.lessThan(0));
            Transforms.sqrt(scratch, false);
            math.add(scratch, epsilon);
        } else {
            Moments.rootPlusEpsilon(squares, 1, epsilon, scratch, math);
        }
        g.divi(scratch);
    }

    @Override
    public String toString() {
        return "rho=" + rho + ", eps=" + epsilon + (centered ? ", centered" : "");
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
