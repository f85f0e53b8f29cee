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
 * iRprop- (reference section 9.12), per element with step size Delta (from Delta0) and the previous
 * gradient (from 0): where {@code g g_prev > 0}, {@code Delta <- min(increase Delta, max)}; where
 * {@code g g_prev < 0}, {@code Delta <- max(decrease Delta, min)} and g counts as 0 (no move); step
 * {@code -Delta sign(g)}; {@code g_prev <- g}. Only gradient signs matter, so it needs full-batch
 * gradients, and it takes no learning rate.
 */
public record RpropStep(double initialStep, double increase, double decrease, double minStep, double maxStep)
        implements GradientTransform {

    public RpropStep {
        Checks.positive("Rprop initial step", initialStep);
        if (!(increase > 1) || !(decrease > 0 && decrease < 1)) {
            throw new IllegalArgumentException("Rprop needs increase > 1 and 0 < decrease < 1, got " + increase
                    + " and " + decrease);
        }
        if (!(minStep > 0 && minStep <= initialStep && initialStep <= maxStep) || Double.isInfinite(maxStep)) {
            throw new IllegalArgumentException("Rprop needs 0 < min step <= initial step <= max step < infinity, got "
                    + minStep + ", " + initialStep + ", " + maxStep);
        }
    }

    @Override
    public String id() {
        return "rprop";
    }

    @Override
    public List<String> stateNames() {
        return List.of("stepSize", "previousGradient");
    }

    @Override
    public int scratchArrays() {
        return 2;
    }

    @Override
    public void initialize(ParameterSlot slot, INDArray[] state) {
        slot.math().add(state[0], initialStep);
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray stepSize = state[0];
        INDArray previous = state[1];
        INDArray g = slot.update();
        INDArray agreement = slot.scratch(0);
        INDArray factor = slot.scratch(1);
        InPlace math = slot.math();

        // sign(g g_prev) is exactly -1, 0 or 1; the conditions below test it with margins of 0.5,
        // because ND4J's equality condition has a tolerance that would treat tiny products as 0.
        math.copy(g, agreement);
        agreement.muli(previous);
        Transforms.sign(agreement, false);

        math.copy(agreement, factor);
        BooleanIndexing.replaceWhere(factor, increase, Conditions.greaterThan(0.5));
        BooleanIndexing.replaceWhere(factor, decrease, Conditions.lessThan(-0.5));
        // Left at 0: the elements without a previous sign; they keep their step size.
        BooleanIndexing.replaceWhere(factor, 1.0, Conditions.lessThan(decrease / 2));
        stepSize.muli(factor);
        BooleanIndexing.replaceWhere(stepSize, maxStep, Conditions.greaterThan(maxStep));
        BooleanIndexing.replaceWhere(stepSize, minStep, Conditions.lessThan(minStep));

        // g := 0 where the sign flipped: a mask of 1 where agreement >= 0, 0 where it is -1.
        BooleanIndexing.replaceWhere(agreement, 1.0, Conditions.greaterThan(-0.5));
        BooleanIndexing.replaceWhere(agreement, 0.0, Conditions.lessThan(0));
        g.muli(agreement);
        math.copy(g, previous);

        Transforms.sign(g, false);
        g.muli(stepSize);
        math.scale(g, -1);
    }

    @Override
    public String toString() {
        return "step0=" + initialStep + ", x" + increase + "/x" + decrease + ", steps in [" + minStep + ", " + maxStep + "]";
    }

    @Override
    public Role role() {
        return Role.SELF_SIZED_STEP;
    }
}
