package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * {@code G = sqrt(sum_k ||g_k||^2)} over every updated tensor, then {@code g_k <- g_k min(1, c / G)}
 * (reference section 10): one factor for all tensors keeps the direction of the whole update and
 * the ratios between tensors. Frozen parameters do not count.
 */
public final class ClipByGlobalNorm implements GradientTransform {
    private final double maxNorm;
    // The factor of the current step, computed in prepare() for every tensor at once.
    private double factor = 1;

    public ClipByGlobalNorm(double maxNorm) {
        this.maxNorm = Checks.positive("clipping norm", maxNorm);
    }

    public double maxNorm() {
        return maxNorm;
    }

    @Override
    public String id() {
        return "clipGlobalNorm";
    }

    @Override
    public void prepare(StepContext step, List<ParameterSlot> slots) {
        double sumOfSquares = 0;
        for (ParameterSlot slot : slots) {
            double norm = InPlace.norm(slot.update());
            sumOfSquares += norm * norm;
        }
        factor = ClipByNorm.factor(maxNorm, Math.sqrt(sumOfSquares));
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        slot.math().scale(slot.update(), factor);
    }

    @Override
    public String toString() {
        return "clipGlobalNorm(" + maxNorm + ")";
    }
}
