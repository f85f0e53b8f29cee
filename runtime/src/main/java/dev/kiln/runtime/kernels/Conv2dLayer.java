package dev.kiln.runtime.kernels;

import dev.kiln.ir.ActivationFunction;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution layer as a model holds it, built once with the model: the weights W
 * [outC, inC/groups, kH, kW], the bias b [outC] or null, the buffers their gradients are written to
 * (null in an inference snapshot, which never trains; dW is required by the backward, db is null
 * where there is no bias), the geometry and the activation after it. The arrays are the model's own
 * fields, the same objects.
 */
public record Conv2dLayer(INDArray w, @Nullable INDArray b, @Nullable INDArray wGrad, @Nullable INDArray bGrad,
                          Conv2dGeometry geometry, ActivationFunction activation) {

    /** A linear layer (no activation) without gradients: W, b and the geometry, for inference. */
    public static Conv2dLayer of(INDArray w, @Nullable INDArray b, Conv2dGeometry geometry) {
        return new Conv2dLayer(w, b, null, null, geometry, ActivationFunction.IDENTITY);
    }

    /** dW, for the backward. */
    INDArray weightGradient() {
        if (wGrad == null) {
            throw new IllegalStateException("this convolution layer holds no weight gradient (an inference snapshot's)");
        }
        return wGrad;
    }
}
