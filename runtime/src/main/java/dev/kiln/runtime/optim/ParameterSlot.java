package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * One parameter's working area inside an {@link OptimizerChain}: the update buffer the transforms
 * rewrite, scratch arrays, each transform's state, and the parameter's resolved settings. Created
 * on the parameter's first step; every array here is allocated then and reused afterwards.
 */
public final class ParameterSlot {
    private Parameter parameter;
    private final ParameterSettings settings;
    private final INDArray update;
    private final INDArray[] scratch;
    private final INDArray[][] states;
    private final InPlace math;
    private double learningRate;

    ParameterSlot(Parameter parameter, ParameterSettings settings, int scratchArrays, int[] stateSizes) {
        this.parameter = parameter;
        this.settings = settings;
        this.update = like(parameter.value());
        this.scratch = new INDArray[scratchArrays];
        for (int i = 0; i < scratchArrays; i++) {
            scratch[i] = like(parameter.value());
        }
        this.states = new INDArray[stateSizes.length][];
        for (int i = 0; i < stateSizes.length; i++) {
            states[i] = new INDArray[stateSizes[i]];
            for (int j = 0; j < stateSizes[i]; j++) {
                states[i][j] = like(parameter.value());
            }
        }
        this.math = new InPlace(parameter.value().dataType());
    }

    /** A zero-filled array of the parameter's shape, type and layout. */
    private static INDArray like(INDArray value) {
        return Nd4j.create(value.dataType(), value.shape(), value.ordering());
    }

    /** Starts a step: points at this step's parameter record and copies its gradient into the update. */
    void begin(Parameter current, double parameterLearningRate) {
        if (current.value() != parameter.value()) {
            requireSameShape(current);
        }
        parameter = current;
        learningRate = parameterLearningRate;
        math.copy(current.gradient(), update);
    }

    private void requireSameShape(Parameter current) {
        INDArray now = current.value();
        INDArray before = parameter.value();
        if (!Arrays.equals(now.shape(), before.shape()) || now.dataType() != before.dataType()) {
            throw new IllegalArgumentException("parameter " + current.name() + " changed from "
                    + Arrays.toString(before.shape()) + " " + before.dataType() + " to "
                    + Arrays.toString(now.shape()) + " " + now.dataType() + " but its optimizer state was made for the first");
        }
    }

    public Parameter parameter() {
        return parameter;
    }

    public String name() {
        return parameter.name();
    }

    /** The parameter θ (only the chain writes it, after all transforms). */
    public INDArray value() {
        return parameter.value();
    }

    /** What the transforms turn into the step: the gradient at first, added to θ at the end. */
    public INDArray update() {
        return update;
    }

    /** Scratch array {@code i}, shaped like the parameter, free to overwrite within one {@link GradientTransform#apply}. */
    public INDArray scratch(int i) {
        return scratch[i];
    }

    /** In-place arithmetic bound to the parameter's data type. */
    public InPlace math() {
        return math;
    }

    /** This step's learning rate for this parameter: the scheduled one times the group's scale. */
    public double learningRate() {
        return learningRate;
    }

    /** The weight-decay lambda of this parameter (0 for biases and norms unless configured otherwise). */
    public double weightDecay() {
        return settings.weightDecay();
    }

    /** Whether layer-wise methods apply their trust ratio to this parameter. */
    public boolean layerAdaptation() {
        return settings.layerAdaptation();
    }

    public ParameterSettings settings() {
        return settings;
    }

    INDArray[] state(int transform) {
        return states[transform];
    }
}
