package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * {@code g_i <- clip(g_i, -c, c)} (reference section 10). Entries within bounds are not written,
 * so a gradient that needs no clipping passes bit-identical.
 */
public record ClipByValue(double limit) implements GradientTransform {

    public ClipByValue {
        Checks.positive("clipping value", limit);
    }

    @Override
    public String id() {
        return "clipValue";
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray g = slot.update();
        BooleanIndexing.replaceWhere(g, limit, Conditions.greaterThan(limit));
        BooleanIndexing.replaceWhere(g, -limit, Conditions.lessThan(-limit));
    }

    @Override
    public String toString() {
        return "clipValue(" + limit + ")";
    }
}
