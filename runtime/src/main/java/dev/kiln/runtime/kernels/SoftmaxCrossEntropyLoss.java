package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Softmax cross-entropy fused from logits h: L = (1/N) Σ_n [LSE(h_n) - Σ_j y_nj h_nj], gradient
 * (softmax(h) - y)/N. Fusing avoids log(softmax), which underflows to -inf for very negative logits.
 * The gradient formula needs each target row to sum to 1 (one-hot or soft labels).
 *
 * <p>Two prepared libnd4j ops, softmax_cross_entropy_loss and its _grad, each one pass over the
 * logits (max-shifted internally). The ops also want a weight (the scalar 1) and write gradients for
 * the weight and the labels, which nobody needs; those arrays live in a per-thread {@link Work}
 * per shape, so a step allocates nothing, including the switch to an epoch's short last batch.
 */
final class SoftmaxCrossEntropyLoss implements LossKernel {
    private static final ThreadLocal<Map<Work.Shape, Work>> WORK = ThreadLocal.withInitial(HashMap::new);

    @Override
    public double lossAndGradient(INDArray logits, INDArray target, INDArray dLogits) {
        Work work = Work.forShape(logits);
        double loss = loss(logits, target, work);
        NativeCalls.SOFTMAX_CROSS_ENTROPY_GRAD.get().input(0, logits).input(1, work.one).input(2, target)
                .output(0, dLogits).output(1, work.dWeight).output(2, work.dTarget).exec();
        return loss;
    }

    @Override
    public double loss(INDArray logits, INDArray target) {
        return loss(logits, target, Work.forShape(logits));
    }

    private static double loss(INDArray logits, INDArray target, Work work) {
        NativeCalls.SOFTMAX_CROSS_ENTROPY.get().input(0, logits).input(1, work.one).input(2, target)
                .output(0, work.loss).exec();
        return work.loss.getDouble(0);
    }

    /**
     * The op's side arrays for one [n, k] shape and data type, kept per thread. Training alternates
     * between a few batch sizes (full batches and the short last one of every epoch, evaluation), so
     * each shape keeps its arrays; more than {@link #SHAPES} shapes empty the cache, which bounds it
     * when batch sizes keep changing.
     */
    private record Work(INDArray one, INDArray loss, INDArray dWeight, INDArray dTarget) {
        private static final int SHAPES = 8;

        private record Shape(DataType type, long rows, long columns) {
        }

        static Work forShape(INDArray logits) {
            Map<Shape, Work> cache = WORK.get();
            Shape shape = new Shape(logits.dataType(), logits.size(0), logits.size(1));
            Work work = cache.get(shape);
            if (work == null) {
                if (cache.size() >= SHAPES) {
                    cache.clear();
                }
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    work = new Work(Nd4j.scalar(shape.type(), 1.0), Nd4j.scalar(shape.type(), 0.0),
                            Nd4j.scalar(shape.type(), 0.0), Nd4j.create(shape.type(), shape.rows(), shape.columns()));
                }
                cache.put(shape, work);
            }
            return work;
        }
    }
}
