package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element mean (1/(N·K)) Σ (y - f)², Kiln's convention (reference §4, as PyTorch, Keras and DL4J),
 * with gradient 2(f - y)/(N·K).
 */
final class MeanSquaredErrorLoss implements LossKernel {

    @Override
    public double lossAndGradient(INDArray prediction, INDArray target, INDArray dPrediction) {
        double count = prediction.length();
        NativeOps.subtract(prediction, target, dPrediction);
        double loss = Reductions.dot(dPrediction, dPrediction) / count;
        NativeOps.scale(dPrediction, 2.0 / count, dPrediction);
        return loss;
    }
}
