package dev.kiln.runtime;

import dev.kiln.ir.ModelGraph;
import dev.kiln.runtime.kernels.Losses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every generated inference snapshot ({@code FooNet.Frozen}) does the same way, written once:
 * the input check and the per-thread buffers around its forward pass. The generated snapshot holds
 * its own copies of the model's arrays (batch norm folded in) and writes only its pass,
 * {@link #inferencePass}. It never changes after its constructor, so it needs no guard: any number
 * of threads may share it.
 *
 * @param <B> the generated model's per-batch buffers ({@code FooNet.Buffers})
 */
public abstract non-sealed class GeneratedSnapshot<B> extends GeneratedModel<B> {

    /** A snapshot of a model of {@code graph} in {@code dataType}. */
    protected GeneratedSnapshot(ModelGraph graph, DataType dataType) {
        super(graph, dataType);
    }

    /** Inference with the snapshot's weights. Returns a buffer owned by the snapshot; {@code dup()} it to keep it. */
    @Override
    public final INDArray forward(INDArray features) {
        inputCheck.features(features);
        return inferencePass(features, buffersFor(features.size(0)));
    }

    @Override
    public final double loss(INDArray features, INDArray targets) {
        inputCheck.targets(features, targets);
        return Losses.loss(graph().loss(), forward(features), targets);
    }
}
