package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training loss over a batch of [n, k] predictions, reduced as a batch mean (reference §4).
 * The gradient array doubles as the kernel's work buffer, so computing the loss allocates at most
 * a few [n]-sized row statistics.
 */
interface LossKernel {

    /** Returns the loss and writes dL/dprediction into {@code dPrediction} (same shape). */
    double lossAndGradient(INDArray prediction, INDArray target, INDArray dPrediction);

    /** The loss alone; the gradient is computed into a reused scratch buffer and discarded. */
    default double loss(INDArray prediction, INDArray target) {
        return lossAndGradient(prediction, target, Scratch.like(prediction, Scratch.Slot.LOSS_GRADIENT));
    }
}
