package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy from logits, averaged over all N·K elements:
 * mean of max(h, 0) - h·y + log(1 + e^{-|h|}), which equals -[y log σ(h) + (1-y) log(1-σ(h))]
 * without ever taking the log of a rounded-to-zero σ. Gradient (σ(h) - y)/(N·K).
 */
final class BinaryCrossEntropyLoss implements LossKernel {

    @Override
    public double lossAndGradient(INDArray logits, INDArray target, INDArray dLogits) {
        double count = logits.length();
        // Per-element terms are summed in one array so that large cancelling max(h,0) and h·y
        // meet element by element, not as two large totals.
        INDArray term = Scratch.like(logits, Scratch.Slot.WORK);
        NativeOps.relu(logits, dLogits);
        NativeOps.multiply(logits, target, term);
        NativeOps.subtract(dLogits, term, dLogits);
        NativeOps.log1pExpNegAbs(logits, term);
        NativeOps.add(dLogits, term, dLogits);
        double loss = Reductions.sum(dLogits) / count;

        NativeOps.sigmoid(logits, dLogits);
        NativeOps.subtract(dLogits, target, dLogits);
        NativeOps.scale(dLogits, 1.0 / count, dLogits);
        return loss;
    }
}
