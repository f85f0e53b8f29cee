package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;

/** max(0, x); the gradient passes where the output is positive, so relu'(0) = 0 (reference §3). */
final class ReluActivation implements ActivationKernel {

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeOps.relu(z, out);
    }

    @Override
    public void backward(INDArray z, INDArray out, INDArray dOut, INDArray dz) {
        // out > 0 exactly where z > 0. libnd4j's thresholded-ReLU backward is one fused pass,
        // passes dOut only strictly above the threshold, and is safe in place.
        Nd4j.exec(new ThresholdReluBp(out, dOut, dz, 0.0));
    }
}
