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

    /** dilation (K - 1) + 1: the extent the kernel covers. */
    public int extentH() {
        return dilationH * (kernelH - 1) + 1;
    }

    public int extentW() {
        return dilationW * (kernelW - 1) + 1;
    }

    public int outputH(int h) {
        return Math.floorDiv(h + 2 * padH - extentH(), strideH) + 1;
    }

    public int outputW(int w) {
        return Math.floorDiv(w + 2 * padW - extentW(), strideW) + 1;
    }

    /**
     * Checks the window fits an {@code h x w} input, for a message about {@code what}.
     *
     * @throws ShapeException when the kernel is larger than the padded input
     */
    void requireFits(String what, Shape in, int h, int w) throws ShapeException {
        if (extentH() > h + 2 * padH || extentW() > w + 2 * padW) {
            throw new ShapeException(what + " has a " + extentH() + "x" + extentW() + " kernel (dilation included) but input " + in
                    + " padded by " + padH + "x" + padW + " is only " + (h + 2 * padH) + "x" + (w + 2 * padW),
                    "use a smaller kernel, more padding (same = true), or fewer downsampling layers before it");
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
        return new Window(kernelH, kernelW, strideH * factor, strideW * factor, padH, padW, dilationH, dilationW);
    }
}
