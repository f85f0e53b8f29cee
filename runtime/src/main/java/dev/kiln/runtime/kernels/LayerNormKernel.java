package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Layer normalization (reference §7.1): each sample of x [N, …] is normalized over all its
 * non-batch axes (m = ∏ non-batch sizes), so its output never depends on the rest of the batch and
 * training equals inference. γ and β have the non-batch shape (element-wise affine) or are null.
 * ε sits inside the square root.
 *
 * <p>libnd4j's {@code layer_norm} is not used: it has no ε at all (it divides by the bare standard
 * deviation; 1.6e-5 off at ε = 1e-5) and takes a per-channel gain, not an element-wise one.
 *
 * <p>Aliasing: xHat may be x and y may be x; y may be xHat only without γ and β; dx may be dy.
 * Nothing else may share memory.
 */
public final class LayerNormKernel {
    private LayerNormKernel() {
    }

    /** Writes the buffers' mean [N] and variance [N] (biased), x̂ and y (shaped like x). */
    public static void forward(INDArray x, NormLayer layer, NormBuffers buffers) {
        INDArray gamma = layer.affine().gamma();
        INDArray beta = layer.affine().beta();
        INDArray mean = buffers.statistics().mean();
        INDArray var = buffers.statistics().variance();
        INDArray xHat = buffers.xHat();
        INDArray y = buffers.out();
        long[] features = featureShape(x);
        long n = x.size(0);
        checkParameter("gamma", gamma, features);
        checkParameter("beta", beta, features);
        ArrayChecks.requireShape("mean", mean, n);
        ArrayChecks.requireShape("var", var, n);
        ArrayChecks.requireSameShape("x", x, "xHat", xHat);
        ArrayChecks.requireSameShape("x", x, "y", y);
        ArrayChecks.requireSameType("x", x, "gamma", gamma, "beta", beta, "mean", mean, "var", var, "xHat", xHat,
                "y", y);
        NormalizationMath.forward(layout(x), x, layer, buffers.statistics(), buffers);
    }

    /**
     * dx = (1/s)(dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) per sample with dx̂ = dy ⊙ γ; dGamma = Σ_n dy ⊙ x̂
     * and dBeta = Σ_n dy (non-batch shape) into the layer's gradient buffers that are not null. x̂ and
     * the variance ({@code buffers}) are the forward's.
     */
    public static void backward(INDArray dy, NormLayer layer, NormBuffers buffers, INDArray dx) {
        INDArray xHat = buffers.xHat();
        INDArray var = buffers.statistics().variance();
        INDArray gamma = layer.affine().gamma();
        INDArray dGamma = layer.affine().gammaGrad();
        INDArray dBeta = layer.affine().betaGrad();
        long[] features = featureShape(xHat);
        checkParameter("gamma", gamma, features);
        checkParameter("dGamma", dGamma, features);
        checkParameter("dBeta", dBeta, features);
        ArrayChecks.requireShape("var", var, xHat.size(0));
        ArrayChecks.requireSameShape("xHat", xHat, "dy", dy);
        ArrayChecks.requireSameShape("xHat", xHat, "dx", dx);
        ArrayChecks.requireSameType("xHat", xHat, "dy", dy, "gamma", gamma, "var", var, "dx", dx, "dGamma", dGamma,
                "dBeta", dBeta);
        NormalizationMath.backward(layout(xHat), dy, layer, var, xHat, dx);
    }

    private static NormalizationMath.Layout layout(INDArray x) {
        long n = x.size(0);
        long d = x.length() / n;
        return new NormalizationMath.Layout(1, n, d, n, d, 1);
    }

    private static long[] featureShape(INDArray x) {
        if (x.rank() < 2 || x.isEmpty()) {
            throw new IllegalArgumentException("layer norm input must be a non-empty [N, …] of rank >= 2, got shape "
                    + Arrays.toString(x.shape()));
        }
        return Arrays.copyOfRange(x.shape(), 1, x.rank());
    }

    private static void checkParameter(String name, @Nullable INDArray array, long[] features) {
        if (array != null) {
            ArrayChecks.requireShape(name, array, features);
        }
    }
}
