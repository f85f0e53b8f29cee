package dev.kiln.runtime.train;

import dev.kiln.ir.ModelGraph;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** Wraps a model and, on one training step, puts an infinity into its last parameter's gradient (loss unchanged). */
final class GradientSpoiler implements KilnNet {
    private final KilnNet inner;
    private final int spoiledCall;
    private int calls;

    /** @param spoiledCall 0-based number of the {@link #computeGradients} call to spoil */
    GradientSpoiler(KilnNet inner, int spoiledCall) {
        this.inner = inner;
        this.spoiledCall = spoiledCall;
    }

    @Override
    public double computeGradients(INDArray features, INDArray targets) {
        double loss = inner.computeGradients(features, targets);
        if (calls++ == spoiledCall) {
            List<Parameter> parameters = inner.parameters();
            parameters.get(parameters.size() - 1).gradient().putScalar(0, Double.POSITIVE_INFINITY);
        }
        return loss;
    }

    @Override
    public ModelGraph graph() {
        return inner.graph();
    }

    @Override
    public DataType dataType() {
        return inner.dataType();
    }

    @Override
    public INDArray forward(INDArray features) {
        return inner.forward(features);
    }

    @Override
    public double loss(INDArray features, INDArray targets) {
        return inner.loss(features, targets);
    }

    @Override
    public INDArray trainingOutput() {
        return inner.trainingOutput();
    }

    @Override
    public List<StateBuffer> stateBuffers() {
        return inner.stateBuffers();
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public void freezeRandomness(boolean frozen) {
        inner.freezeRandomness(frozen);
    }

    @Override
    public String summary() {
        return inner.summary();
    }
}
