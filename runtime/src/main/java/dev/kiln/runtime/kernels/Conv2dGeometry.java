package dev.kiln.runtime.kernels;

/**
 * The hyperparameters of a 2-D convolution (reference §12): kernel, stride, symmetric zero padding,
 * dilation and groups. Output size per axis is ⌊(H + 2P − D·(K − 1) − 1) / S⌋ + 1, which for
 * D = 1 is the reference's ⌊(H + 2P − K) / S⌋ + 1.
 *
 * <p>"Same" padding is only offered where it is symmetric: stride 1 and an odd effective kernel
 * D·(K − 1) + 1, giving P = D·(K − 1) / 2 and an output as large as the input. Other cases (stride 2,
 * even kernels) would need TensorFlow's asymmetric padding, which this record cannot express, so
 * {@link #samePadding} refuses them; declare an explicit padding instead (a 3×3 stride-2 conv with
 * P = 1 halves an even size).
 */
public record Conv2dGeometry(int kH, int kW, int strideH, int strideW, int padH, int padW,
                             int dilationH, int dilationW, int groups) {

    public Conv2dGeometry {
        if (kH < 1 || kW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1
                || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("convolution needs kernel, stride, dilation and groups >= 1 and"
                    + " padding >= 0, got " + describe(kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups));
        }
    }

    public static Conv2dGeometry of(int kH, int kW, int strideH, int strideW, int padH, int padW,
                                    int dilationH, int dilationW, int groups) {
        return new Conv2dGeometry(kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups);
    }

    /** Square kernel, stride, padding and dilation. */
    public static Conv2dGeometry of(int kernel, int stride, int padding, int dilation, int groups) {
        return of(kernel, kernel, stride, stride, padding, padding, dilation, dilation, groups);
    }

    /** Stride 1 and "same" padding on both axes; see {@link #samePadding}. */
    public static Conv2dGeometry same(int kH, int kW, int dilationH, int dilationW, int groups) {
        return of(kH, kW, 1, 1, samePadding(kH, 1, dilationH), samePadding(kW, 1, dilationW),
                dilationH, dilationW, groups);
    }

    /**
     * The symmetric padding that keeps the size: D·(K − 1) / 2.
     *
     * @throws IllegalArgumentException for a stride other than 1 or an even effective kernel, where
     *                                  "same" would need more padding on one side than the other
     */
    public static int samePadding(int kernel, int stride, int dilation) {
        if (kernel < 1 || dilation < 1) {
            throw new IllegalArgumentException("kernel and dilation must be >= 1, got kernel " + kernel
                    + ", dilation " + dilation);
        }
        int span = dilation * (kernel - 1);
        if (stride != 1 || span % 2 != 0) {
            throw new IllegalArgumentException("'same' padding is symmetric only for stride 1 and an odd effective"
                    + " kernel dilation*(K-1)+1; got kernel " + kernel + ", stride " + stride + ", dilation " + dilation
                    + " (effective kernel " + (span + 1) + "). Give the padding explicitly, e.g. P = "
                    + (span / 2) + " with output floor((H + 2P - " + (span + 1) + ")/" + stride + ") + 1");
        }
        return span / 2;
    }

    /** Effective (dilated) kernel height D·(K − 1) + 1. */
    public int effectiveKH() {
        return dilationH * (kH - 1) + 1;
    }

    /** Effective (dilated) kernel width D·(K − 1) + 1. */
    public int effectiveKW() {
        return dilationW * (kW - 1) + 1;
    }

    /**
     * {Hout, Wout} for an input of h × w.
     *
     * @throws IllegalArgumentException when the dilated kernel is larger than the padded input
     */
    public int[] outputSize(int h, int w) {
        return new int[]{outputHeight(h), outputWidth(w)};
    }

    public int outputHeight(int h) {
        return axis("height", h, kH, strideH, padH, dilationH);
    }

    public int outputWidth(int w) {
        return axis("width", w, kW, strideW, padW, dilationW);
    }

    static int axis(String name, int size, int kernel, int stride, int pad, int dilation) {
        int effective = dilation * (kernel - 1) + 1;
        int padded = size + 2 * pad;
        if (size < 1 || effective > padded) {
            throw new IllegalArgumentException("kernel " + name + " " + kernel
                    + (dilation == 1 ? "" : " (dilated to " + effective + ")") + " is larger than the padded input "
                    + name + " " + size + " + 2*" + pad + " = " + padded);
        }
        return (padded - effective) / stride + 1;
    }

    @Override
    public String toString() {
        return "Conv2dGeometry" + describe(kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups);
    }

    private static String describe(int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, int groups) {
        return "[kernel " + kH + "x" + kW + ", stride " + sH + "x" + sW + ", padding " + pH + "x" + pW
                + ", dilation " + dH + "x" + dW + ", groups " + groups + "]";
    }
}
