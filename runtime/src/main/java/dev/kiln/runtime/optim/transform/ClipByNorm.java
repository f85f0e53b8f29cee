package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.InPlace;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per tensor, {@code g <- g min(1, c / ||g||)} (reference section 10); a zero gradient stays zero. */
public record ClipByNorm(double maxNorm) implements GradientTransform {

    public ClipByNorm {
        Checks.positive("clipping norm", maxNorm);
    }

    /** The factor {@code min(1, c / norm)}, 1 for a zero norm (nothing to rescale). */
    static double factor(double maxNorm, double norm) {
        return norm > maxNorm ? maxNorm / norm : 1;
    }

    @Override
    public String id() {
        return "clipNorm";
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        slot.math().scale(slot.update(), factor(maxNorm, InPlace.norm(slot.update())));
    }

    @Override
    public String toString() {
        return "clipNorm(" + maxNorm + ")";
    }
}
