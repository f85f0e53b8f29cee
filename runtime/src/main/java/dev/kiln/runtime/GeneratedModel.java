package dev.kiln.runtime;

import dev.kiln.ir.ModelGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a generated model and its inference snapshot share: the IR, the data type, the input checks
 * and the per-thread buffers their passes run on. {@link GeneratedNet} adds the guard and training,
 * {@link GeneratedSnapshot} nothing that changes.
 *
 * @param <B> the generated model's per-batch buffers ({@code FooNet.Buffers})
 */
abstract sealed class GeneratedModel<B> implements InferenceModel permits GeneratedNet, GeneratedSnapshot {
    private final ModelGraph graph;
    private final DataType dataType;
    /** Shape and data-type checks of the model's inputs; the passes call its batch-statistics check. */
    protected final InputCheck inputCheck;
    /** Per-batch buffers, allocated once per batch size, per thread: threads running inference at once never share one. */
    private final ThreadLocal<BufferCache<B>> bufferCache = ThreadLocal.withInitial(BufferCache::new);

    GeneratedModel(ModelGraph graph, DataType dataType) {
        this.graph = graph;
        this.dataType = dataType;
        this.inputCheck = new InputCheck(graph, dataType);
    }

    /** New per-batch buffers for {@code batchSize} examples, in the model's data type (and convolution layout). */
    protected abstract B newBuffers(long batchSize);

    /** The inference forward on checked {@code features}. Returns the output buffer. */
    protected abstract INDArray inferencePass(INDArray features, B buffers);

    /** This thread's buffers for {@code batchSize} examples. */
    final B buffersFor(long batchSize) {
        return bufferCache.get().get(batchSize, this::newBuffers);
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
