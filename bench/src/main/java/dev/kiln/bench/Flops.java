package dev.kiln.bench;

/**
 * The multiply-add work of each bench case, counted from the layer shapes (2 FLOPs per
 * multiply-add of a matrix product or convolution; activations, batch norm, pooling and the loss
 * are left out, so the bound these give is a floor no system can beat). A training step is the
 * forward products, the weight gradients (as many again) and the input gradients of every layer but
 * the first (nothing needs the gradient of the data).
 */
final class Flops {
    private Flops() {
    }

    /** One dense layer's forward products for a batch. */
    static double dense(int batch, int in, int out) {
        return 2.0 * batch * in * out;
    }

    /** One 3x3 "same" convolution's forward products for a batch of size x size images. */
    static double conv3x3(int batch, int in, int out, int size) {
        return 2.0 * batch * size * size * out * in * 9;
    }

    static double mlpForward(int batch) {
        int[] w = Dl4jMlp.WIDTHS;
        return dense(batch, w[0], w[1]) + dense(batch, w[1], w[2]) + dense(batch, w[2], w[3]);
    }

    static double mlpTrainingStep(int batch) {
        return 2 * mlpForward(batch) + mlpForward(batch) - dense(batch, Dl4jMlp.WIDTHS[0], Dl4jMlp.WIDTHS[1]);
    }

    /** {@link BenchCnn}'s forward: four convolutions at 28, 14, 7, 7 pixels, then 1152-256-10. */
    static double cnnForward(int batch) {
        return cnnFirstConv(batch) + conv3x3(batch, 32, 64, 14) + conv3x3(batch, 64, 128, 7) + conv3x3(batch, 128, 128, 7)
                + dense(batch, 128 * 3 * 3, 256) + dense(batch, 256, 10);
    }

    static double cnnTrainingStep(int batch) {
        return 3 * cnnForward(batch) - cnnFirstConv(batch);
    }

    private static double cnnFirstConv(int batch) {
        return conv3x3(batch, 1, 32, 28);
    }
}
