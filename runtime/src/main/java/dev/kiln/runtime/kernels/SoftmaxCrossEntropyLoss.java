package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy fused from logits h: L = (1/N) Σ_n [LSE(h_n) - Σ_j y_nj h_nj], gradient
 * (softmax(h) - y)/N. Fusing avoids log(softmax), which underflows to -inf for very negative logits.
 * The gradient formula needs each target row to sum to 1 (one-hot or soft labels).
 *
 * <p>Two prepared libnd4j ops, softmax_cross_entropy_loss and its _grad, each one pass over the
 * logits (max-shifted internally). The ops also want a weight (the scalar 1) and write gradients for
 * the weight and the labels, which nobody needs; those arrays live in a per-thread {@link Work}
 * for the shape, so a step allocates nothing.
 */
final class SoftmaxCrossEntropyLoss implements LossKernel {
    private static final ThreadLocal<Work> WORK = new ThreadLocal<>();

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
     * between at most a few batch sizes (full batches, the short last one, evaluation), so only the
     * most recent shape is kept and the occasional switch reallocates these small arrays.
     */
    private static final class Work {
        final DataType type;
        final long rows;
        final long columns;
        final INDArray one;
        final INDArray loss;
        final INDArray dWeight;
        final INDArray dTarget;

        private Work(DataType type, long rows, long columns) {
            this.type = type;
            this.rows = rows;
            this.columns = columns;
            this.one = Nd4j.scalar(type, 1.0);
            this.loss = Nd4j.scalar(type, 0.0);
            this.dWeight = Nd4j.scalar(type, 0.0);
            this.dTarget = Nd4j.create(type, rows, columns);
        }

        static Work forShape(INDArray logits) {
            Work work = WORK.get();
            DataType type = logits.dataType();
            if (work == null || work.type != type || work.rows != logits.size(0) || work.columns != logits.size(1)) {
                work = new Work(type, logits.size(0), logits.size(1));
                WORK.set(work);
            }
            return work;
        }
    }
}
