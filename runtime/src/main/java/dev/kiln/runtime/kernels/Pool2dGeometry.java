package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Window, stride and symmetric padding of a 2-D pooling layer (reference §12). Output size per axis
 * is ⌊(H + 2P − K) / S⌋ + 1; a 3×3 window with stride 2 and padding 1 takes 112 to 56.
 *
 * <p>Padding may be at most half the window on each axis (2P ≤ K, PyTorch's rule), so every window
 * overlaps the input: a max-pool window made only of padding would have no maximum.
 */
public record Pool2dGeometry(int kH, int kW, int strideH, int strideW, int padH, int padW) {

    public Pool2dGeometry {
        if (kH < 1 || kW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("pooling needs window and stride >= 1 and padding >= 0, got "
                    + describe(kH, kW, strideH, strideW, padH, padW));
        }
        if (2 * padH > kH || 2 * padW > kW) {
            throw new IllegalArgumentException("pooling padding must be at most half the window, got "
                    + describe(kH, kW, strideH, strideW, padH, padW));
        }
    }

    public static Pool2dGeometry of(int kH, int kW, int strideH, int strideW, int padH, int padW) {
        return new Pool2dGeometry(kH, kW, strideH, strideW, padH, padW);
    }

    /** Square window, stride and padding. */
    public static Pool2dGeometry of(int kernel, int stride, int padding) {
        return of(kernel, kernel, stride, stride, padding, padding);
    }

    /**
     * {Hout, Wout} for an input of h × w.
     *
     * @throws IllegalArgumentException when the window is larger than the padded input
     */
    public int[] outputSize(int h, int w) {
        return new int[]{outputHeight(h), outputWidth(w)};
    }

    public int outputHeight(int h) {
        return Conv2dGeometry.axis("height", h, kH, strideH, padH, 1);
    }

    public int outputWidth(int w) {
        return Conv2dGeometry.axis("width", w, kW, strideW, padW, 1);
    }

    /**
     * libnd4j's pooling2d integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode (0: explicit
     * padding), extra (avg pool: 0 = divide by the real elements, 1 = by kH·kW; unused by max pool),
     * isNHWC (0 = NCHW, 1 = NHWC).
     */
    int[] libnd4jArgs(int extra, FeatureLayout layout) {
        return new int[]{kH, kW, strideH, strideW, padH, padW, 1, 1, 0, extra, layout.libnd4jFormat()};
    }

    /** Checks x and the pooled y, both in {@code layout}: [N, C, H, W] and [N, C, Hout, Wout] in NCHW. */
    void check(FeatureLayout layout, String xName, INDArray x, String yName, INDArray y) {
        ArrayChecks.requireRank(xName, x, 4);
        int[] size = outputSize(Math.toIntExact(layout.height(x)), Math.toIntExact(layout.width(x)));
        ArrayChecks.requireShape(yName, y, layout.shape(x.size(0), layout.channels(x), size[0], size[1]));
    }

    @Override
    public String toString() {
        return "Pool2dGeometry" + describe(kH, kW, strideH, strideW, padH, padW);
    }

    private static String describe(int kH, int kW, int sH, int sW, int pH, int pW) {
        return "[window " + kH + "x" + kW + ", stride " + sH + "x" + sW + ", padding " + pH + "x" + pW + "]";
    }
}
