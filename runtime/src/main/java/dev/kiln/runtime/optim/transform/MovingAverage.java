package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * {@code m <- beta m + (1-beta) d}, direction {@code m}: the exponential-average momentum of LARS
 * (reference section 9.13), without bias correction.
 *
 * @param id names the state, e.g. {@code lars} for {@code fc1.W/lars.m}
 */
public record MovingAverage(String id, double beta) implements GradientTransform {

    public MovingAverage {
        Checks.fraction("beta", beta);
    }

    @Override
    public List<String> stateNames() {
        return List.of("m");
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray m = state[0];
        slot.math().movingAverage(m, beta, slot.update());
        slot.math().copy(m, slot.update());
    }

    @Override
    public String toString() {
        return "beta1=" + beta;
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
