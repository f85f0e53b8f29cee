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
 * Lion (Chen et al. 2023, "Symbolic discovery of optimization algorithms"; not in the reference):
 * direction {@code sign(b1 m + (1-b1) g)}, then {@code m <- b2 m + (1-b2) g}. Every coordinate moves
 * by exactly the learning rate, so Lion wants a learning rate 3-10x smaller than AdamW and a
 * decoupled decay 3-10x larger.
 */
public record LionDirection(double beta1, double beta2) implements GradientTransform {

    public LionDirection {
        Checks.fraction("beta1", beta1);
        Checks.fraction("beta2", beta2);
    }

    @Override
    public String id() {
        return "lion";
    }

    @Override
    public List<String> stateNames() {
        return List.of("m");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray m = state[0];
        INDArray g = slot.update();
        INDArray interpolation = slot.scratch(0);
        InPlace math = slot.math();
        math.copy(m, interpolation);
        math.movingAverage(interpolation, beta1, g);
        Transforms.sign(interpolation, false);
        math.movingAverage(m, beta2, g);
        math.copy(interpolation, g);
    }

    @Override
    public String toString() {
        return "beta1=" + beta1 + ", beta2=" + beta2;
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
