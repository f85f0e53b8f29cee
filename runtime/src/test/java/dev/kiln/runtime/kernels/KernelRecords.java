package dev.kiln.runtime.kernels;

import dev.kiln.ir.ActivationFunction;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernels' layer and buffer records built from a test's loose arrays. None creates an array,
 * so {@link KernelAllocationTest} may build them inside the calls it measures. Where a pass does not
 * read an array of a record (the running statistics in training, the output in a backward), the
 * record holds one it does read in its place; the kernels never touch it.
 */
final class KernelRecords {
    /** Batch norm's default decay, for records whose running statistics the test does not update. */
    static final double DECAY = 0.9;

    private KernelRecords() {
    }

    /** A batch norm layer for the training forward: writes {@code batchMean}, {@code batchVar}. */
    static BatchNormLayer batchNorm(@Nullable INDArray gamma, @Nullable INDArray beta, INDArray batchMean, INDArray batchVar,
                                    double eps) {
        Moments batch = new Moments(batchMean, batchVar);
        return new BatchNormLayer(NormAffine.of(gamma, beta), batch, batch, eps, DECAY);
    }

    /** A batch norm layer for inference and folding: its running statistics. */
    static BatchNormLayer batchNormInference(@Nullable INDArray gamma, @Nullable INDArray beta, INDArray runningMean,
                                             INDArray runningVar, double eps) {
        return new BatchNormLayer(NormAffine.of(gamma, beta), new Moments(runningMean, runningVar), null, eps, DECAY);
    }

    /** A batch norm layer for the backward: γ, the forward's batch variance, and the gradients wanted (or null). */
    static BatchNormLayer batchNormBackward(@Nullable INDArray gamma, INDArray batchVar, double eps, @Nullable INDArray dGamma,
                                            @Nullable INDArray dBeta) {
        Moments batch = new Moments(batchVar, batchVar);
        return new BatchNormLayer(new NormAffine(gamma, null, dGamma, dBeta), batch, batch, eps, DECAY);
    }

    /** Batch norm buffers for the backward, which reads x̂ only. */
    static BatchNormBuffers normalized(INDArray xHat) {
        return new BatchNormBuffers(xHat, xHat);
    }

    /** Layer, group or instance norm buffers for the backward, which reads x̂ and the variance only. */
    static NormBuffers normalized(INDArray xHat, INDArray variance) {
        return new NormBuffers(new Moments(variance, variance), xHat, xHat);
    }

    /** RMS norm buffers for the backward, which reads rms only. */
    static RmsNormBuffers rms(INDArray rms) {
        return new RmsNormBuffers(rms, rms);
    }

    /** A linear convolution of W and b with W's kernel size (stride 1, no padding), for folding. */
    static Conv2dLayer conv(INDArray w, @Nullable INDArray b) {
        return Conv2dLayer.of(w, b, Conv2dGeometry.of(Math.toIntExact(w.size(2)), Math.toIntExact(w.size(3)), 1, 1, 0, 0, 1, 1, 1));
    }

    /** A convolution for the backward: W, the geometry, and dW and db (null: no bias gradient). */
    static Conv2dLayer convBackward(INDArray w, Conv2dGeometry g, INDArray dW, @Nullable INDArray db) {
        return new Conv2dLayer(w, null, dW, db, g, ActivationFunction.IDENTITY);
    }
}
