package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Polyak averaging of the parameters (reference section 8.3): after every update
 * {@code theta' <- gamma theta' + (1 - gamma) theta}, starting from {@code theta'_0 = theta_0} (not
 * zeros). With {@link #uniform()} {@code gamma_t = 1 - 1/t}, so {@code theta'_t} is the plain mean of
 * {@code theta_1 ... theta_t}. It only reads the parameters, after the update, so it is no link of the
 * chain but kept beside it ({@link OptimizerChain#averageParameters}), its array in each parameter's slot.
 * Evaluate with the average through {@link OptimizerChain#swapInAverage}.
 *
 * @param decay gamma, NaN for the uniform average
 */
public record ParameterAverage(double decay) implements SlotState {

    /** The reference's default gamma. */
    public static final double DEFAULT_DECAY = 0.999;

    public ParameterAverage {
        if (!Double.isNaN(decay)) {
            Checks.fraction("parameter-average decay", decay);
        }
    }

    /** Exponential average with {@code gamma = decay}. */
    public static ParameterAverage exponential(double decay) {
        return new ParameterAverage(decay);
    }

    /** The Polyak-Ruppert mean of all iterates so far. */
    public static ParameterAverage uniform() {
        return new ParameterAverage(Double.NaN);
    }

    public boolean isUniform() {
        return Double.isNaN(decay);
    }

    @Override
    public String id() {
        return "average";
    }

    @Override
    public List<String> stateNames() {
        return List.of("theta");
    }

    @Override
    public void initialize(ParameterSlot slot, INDArray[] state) {
        slot.math().copy(slot.value(), state[0]);
    }

    /** After the update was added to the parameter: {@code theta' <- gamma theta' + (1 - gamma) theta}. */
    void update(StepContext step, ParameterSlot slot, INDArray[] state) {
        double gamma = isUniform() ? 1 - 1.0 / step.t() : decay;
        slot.math().movingAverage(state[0], gamma, slot.value());
    }

    @Override
    public String toString() {
        return isUniform() ? "average(uniform)" : "average(" + decay + ")";
    }
}
