package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** max(0, x); the gradient passes where the output is positive, so relu'(0) = 0 (reference §3). */
final class ReluActivation implements ActivationKernel {

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeCalls.RELU.get().input(0, z).output(0, out).exec();
    }

    @Override
    public void backward(INDArray z, INDArray out, INDArray dOut, INDArray dz) {
        // out > 0 exactly where z > 0. libnd4j's thresholded-ReLU backward is one fused pass,
        // passes dOut only strictly above the threshold, and is safe in place.
        NativeCalls.RELU_BACKWARD.get().input(0, out).input(1, dOut).output(0, dz).exec();
    }
}
