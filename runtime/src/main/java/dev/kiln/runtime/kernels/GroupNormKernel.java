package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Group normalization (reference §7.1): the C channels of x [N, C, H, W] (or [N, C], or any rank
 * ≥ 2 with channels on axis 1) are split into G consecutive groups of C/G, and each (sample, group)
 * is normalized over its C/G channels × H × W values. γ and β are [C] (per channel) or null. A
 * sample's output never depends on the rest of the batch, so training equals inference. G = 1 is
 * LayerNorm over C, H, W and G = C is InstanceNorm, up to the affine shape.
 *
 * <p>In c order the values of one (n, g) are contiguous, so the statistics view is
 * [1, N·G, (C/G)·H·W] and mean and var [N, G] are its rows.
 *
 * <p>Aliasing: xHat may be x and y may be x; y may be xHat only without γ and β; dx may be dy.
 * Nothing else may share memory.
 */
public final class GroupNormKernel {
    private GroupNormKernel() {
    }

    /** Writes the buffers' mean [N, G] and variance [N, G] (biased), x̂ and y (shaped like x). */
    public static void forward(INDArray x, GroupNormLayer layer, NormBuffers buffers) {
        forward(x, layer.groups(), layer, buffers);
    }

    /** The forward of a layer normalizing {@code groups} groups of channels: group norm's, or instance norm's (one per channel). */
    static void forward(INDArray x, int groups, NormalizationLayer layer, NormBuffers buffers) {
        INDArray gamma = layer.affine().gamma();
        INDArray beta = layer.affine().beta();
        INDArray mean = buffers.statistics().mean();
        INDArray var = buffers.statistics().variance();
        INDArray xHat = buffers.xHat();
        INDArray y = buffers.out();
        long c = checkGroups(x, groups);
        long n = x.size(0);
        checkParameter("gamma", gamma, c);
        checkParameter("beta", beta, c);
        ArrayChecks.requireShape("mean", mean, n, groups);
        ArrayChecks.requireShape("var", var, n, groups);
        ArrayChecks.requireSameShape("x", x, "xHat", xHat);
        ArrayChecks.requireSameShape("x", x, "y", y);
        ArrayChecks.requireSameType("x", x, "gamma", gamma, "beta", beta, "mean", mean, "var", var, "xHat", xHat,
                "y", y);
        NormalizationMath.forward(layout(x, groups), x, layer, buffers.statistics(), buffers);
    }

    /**
     * dx per (n, g) by the common formula with dx̂ = dy ⊙ γ; dGamma = Σ dy ⊙ x̂ and dBeta = Σ dy over
     * N, H, W ([C]) into the layer's gradient buffers that are not null. x̂ and the variance [N, G]
     * ({@code buffers}) are the forward's.
     */
    public static void backward(INDArray dy, GroupNormLayer layer, NormBuffers buffers, INDArray dx) {
        backward(dy, layer.groups(), layer, buffers, dx);
    }

    /** The backward of {@link #forward(INDArray, int, NormalizationLayer, NormBuffers)}. */
    static void backward(INDArray dy, int groups, NormalizationLayer layer, NormBuffers buffers, INDArray dx) {
        INDArray xHat = buffers.xHat();
        INDArray var = buffers.statistics().variance();
        INDArray gamma = layer.affine().gamma();
        INDArray dGamma = layer.affine().gammaGrad();
        INDArray dBeta = layer.affine().betaGrad();
        long c = checkGroups(xHat, groups);
        checkParameter("gamma", gamma, c);
        checkParameter("dGamma", dGamma, c);
        checkParameter("dBeta", dBeta, c);
        ArrayChecks.requireShape("var", var, xHat.size(0), groups);
        ArrayChecks.requireSameShape("xHat", xHat, "dy", dy);
        ArrayChecks.requireSameShape("xHat", xHat, "dx", dx);
        ArrayChecks.requireSameType("xHat", xHat, "dy", dy, "gamma", gamma, "var", var, "dx", dx, "dGamma", dGamma,
                "dBeta", dBeta);
        NormalizationMath.backward(layout(xHat, groups), dy, layer, var, xHat, dx);
    }

    /** The channel count C, after checking x's rank and that {@code groups} divides it. */
    static long checkGroups(INDArray x, int groups) {
        if (x.rank() < 2 || x.isEmpty()) {
            throw new IllegalArgumentException("group norm input must be a non-empty [N, C] or [N, C, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        long c = x.size(1);
        if (groups < 1 || c % groups != 0) {
            throw new IllegalArgumentException("group norm needs a group count G that divides the channel count C,"
                    + " got C = " + c + " and G = " + groups);
        }
        return c;
    }

    private static NormalizationMath.Layout layout(INDArray x, int groups) {
        long n = x.size(0);
        long c = x.size(1);
        long spatial = x.length() / (n * c);
        return new NormalizationMath.Layout(1, n * groups, (c / groups) * spatial, n, c, spatial);
    }

    private static void checkParameter(String name, @Nullable INDArray array, long c) {
        if (array != null) {
            ArrayChecks.requireShape(name, array, c);
        }
    }
}
