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
public abstract class GeneratedSnapshot<B> implements InferenceModel {
    private final ModelGraph graph;
    private final DataType dataType;
    private final InputCheck inputCheck;
    /** Activation buffers, allocated once per batch size, per thread: threads running inference at once never share one. */
    private final ThreadLocal<BufferCache<B>> bufferCache = ThreadLocal.withInitial(BufferCache::new);

    /** A snapshot of a model of {@code graph} in {@code dataType}. */
    protected GeneratedSnapshot(ModelGraph graph, DataType dataType) {
        this.graph = graph;
        this.dataType = dataType;
        this.inputCheck = new InputCheck(graph, dataType);
    }

    /** New per-batch buffers for {@code batchSize} examples. */
    protected abstract B newBuffers(long batchSize);

    /** The snapshot's inference forward on checked {@code features}. Returns the output buffer. */
    protected abstract INDArray inferencePass(INDArray features, B buffers);

    /** Inference with the snapshot's weights. Returns a buffer owned by the snapshot; {@code dup()} it to keep it. */
    @Override
    public final INDArray forward(INDArray features) {
        inputCheck.features(features);
        return inferencePass(features, bufferCache.get().get(features.size(0), this::newBuffers));
    }

    @Override
    public final double loss(INDArray features, INDArray targets) {
        inputCheck.targets(features, targets);
        return Losses.loss(graph.loss(), forward(features), targets);
    }

    @Override
    public final ModelGraph graph() {
        return graph;
    }

    @Override
    public final DataType dataType() {
        return dataType;
    }
}
