package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Instance normalization (reference §7.1): each (sample, channel) of x [N, C, H, W] is normalized
 * over its H × W values. It is {@link GroupNormKernel} with G = C, and delegates to it: mean and
 * var are [N, C], γ and β are [C] or null. The aliasing rules are GroupNorm's.
 */
public final class InstanceNormKernel {
    private InstanceNormKernel() {
    }

    /** Writes the buffers' mean [N, C] and variance [N, C] (biased), x̂ and y (shaped like x). */
    public static void forward(INDArray x, NormLayer layer, NormBuffers buffers) {
        GroupNormKernel.forward(x, channels(x), layer, buffers);
    }

    /** dx and the layer's dGamma, dBeta (where not null) as group norm's with one group per channel. */
    public static void backward(INDArray dy, NormLayer layer, NormBuffers buffers, INDArray dx) {
        GroupNormKernel.backward(dy, channels(buffers.xHat()), layer, buffers, dx);
    }

    /**
     * C, for input with spatial axes: on [N, C] every instance would hold one value, whose
     * normalized output is always 0.
     */
    private static int channels(INDArray x) {
        if (x.rank() < 3 || x.isEmpty()) {
            throw new IllegalArgumentException("instance norm input must be a non-empty [N, C, H, W] (spatial axes"
                    + " after the channels), got shape " + Arrays.toString(x.shape()));
        }
        return Math.toIntExact(x.size(1));
    }
}
