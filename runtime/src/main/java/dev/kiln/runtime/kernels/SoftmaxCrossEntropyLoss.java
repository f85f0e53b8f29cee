package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax cross-entropy fused from logits h: L = (1/N) Σ_n [LSE(h_n) - Σ_j y_nj h_nj], gradient
 * (softmax(h) - y)/N. Fusing avoids log(softmax), which underflows to -inf for very negative logits.
 * The gradient formula needs each target row to sum to 1 (one-hot or soft labels).
 */
final class SoftmaxCrossEntropyLoss implements LossKernel {

    @Override
    public double lossAndGradient(INDArray logits, INDArray target, INDArray dLogits) {
        long n = logits.size(0);
        INDArray logSumExp = RowSoftmax.apply(logits, dLogits);
        double loss = (Reductions.sum(logSumExp) - Reductions.dot(target, logits)) / n;
        NativeOps.subtract(dLogits, target, dLogits);
        NativeOps.scale(dLogits, 1.0 / n, dLogits);
        return loss;
    }
}
