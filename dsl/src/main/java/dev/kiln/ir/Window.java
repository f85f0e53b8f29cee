package dev.kiln.ir;

/**
 * A sliding window over H and W: kernel, stride, zero padding per side and dilation. Output size
 * per axis is {@code floor((H + 2P - dilation (K - 1) - 1) / S) + 1} (reference section 12).
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {

    /** A pooling window: no dilation. */
    public static Window pooling(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        return new Window(kernelH, kernelW, strideH, strideW, padH, padW, 1, 1);
    }

    /** dilation (K - 1) + 1: the extent the kernel covers, in long (it need not fit an int). */
    public long extentH() {
        return (long) dilationH * (kernelH - 1) + 1;
    }

    public long extentW() {
        return (long) dilationW * (kernelW - 1) + 1;
    }

    /** The output height for input height {@code h}, in long; meaningful once {@link #requireFits} passed. */
    public long outputH(long h) {
        return Math.floorDiv(h + 2L * padH - extentH(), strideH) + 1;
    }

    public long outputW(long w) {
        return Math.floorDiv(w + 2L * padW - extentW(), strideW) + 1;
    }

    /**
     * Checks the window fits an {@code h x w} input, for a message about {@code what}: the kernel's
     * extent at most the padded input, and the padded input no larger than an array dimension (the
     * kernels compute its size in int).
     *
     * @throws ShapeException when the kernel is larger than the padded input, or the padding makes it too large
     */
    void requireFits(String what, Shape in, int h, int w) throws ShapeException {
        long paddedH = h + 2L * padH;
        long paddedW = w + 2L * padW;
        if (extentH() > paddedH || extentW() > paddedW) {
            throw new ShapeException(what + " has a " + extentH() + "x" + extentW() + " kernel (dilation included) but input " + in
                    + " padded by " + padH + "x" + padW + " is only " + paddedH + "x" + paddedW,
                    "use a smaller kernel, more padding (same = true), or fewer downsampling layers before it",
                    dilationH > 1 || dilationW > 1 ? "dilation" : "kernel");
        }
        if (paddedH > Integer.MAX_VALUE || paddedW > Integer.MAX_VALUE) {
            throw new ShapeException(what + " pads input " + in + " by " + padH + "x" + padW + " to " + paddedH + "x" + paddedW
                    + ", more than the " + Integer.MAX_VALUE + " an array dimension can hold",
                    "use less padding (same = true pads only what the kernel's extent needs), or a smaller kernel or dilation", "padding");
        }
    }

    /** {@code 3x3 s2 p1} (dilation shown when not 1). */
    public String describe() {
        String text = kernelH + "x" + kernelW;
        text += strideH == 1 && strideW == 1 ? "" : " s" + pair(strideH, strideW);
        text += padH == 0 && padW == 0 ? "" : " p" + pair(padH, padW);
        text += dilationH == 1 && dilationW == 1 ? "" : " d" + pair(dilationH, dilationW);
        return text;
    }

    private static String pair(int h, int w) {
        return h == w ? Integer.toString(h) : h + "x" + w;
    }

    /** The same window with both strides multiplied by {@code factor}: how a block's downsampling layer takes its stage's stride. */
    public Window strided(int factor) {
        return new Window(kernelH, kernelW, Math.multiplyExact(strideH, factor), Math.multiplyExact(strideW, factor), padH, padW,
                dilationH, dilationW);
    }
}
