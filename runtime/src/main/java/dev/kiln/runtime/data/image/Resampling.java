package dev.kiln.runtime.data.image;

/**
 * Bilinear resizing with a triangle filter whose support widens with the reduction factor, so a
 * downscaled image is averaged over the pixels it covers instead of sampling a few of them
 * (aliasing). This is the bilinear filter of Pillow's {@code Image.resize} (pixel centres at
 * {@code i + 0.5}, weights normalized per output pixel), applied horizontally then vertically.
 * Enlarging, it is plain bilinear interpolation.
 */
final class Resampling {
    private Resampling() {
    }

    static Pixels resize(Pixels image, int height, int width) {
        if (image.height() == height && image.width() == width) {
            return image;
        }
        Weights across = new Weights(image.width(), width);
        Weights down = new Weights(image.height(), height);
        int c = image.channels();
        float[] wide = new float[c * image.height() * width];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < image.height(); y++) {
                int in = (ch * image.height() + y) * image.width();
                int out = (ch * image.height() + y) * width;
                for (int x = 0; x < width; x++) {
                    wide[out + x] = across.apply(image.values(), in, 1, x);
                }
            }
        }
        float[] result = new float[c * height * width];
        for (int ch = 0; ch < c; ch++) {
            for (int x = 0; x < width; x++) {
                int in = ch * image.height() * width + x;
                for (int y = 0; y < height; y++) {
                    result[(ch * height + y) * width + x] = down.apply(wide, in, width, y);
                }
            }
        }
        return new Pixels(c, height, width, result);
    }

    /** The centre {@code height x width} of an image at least that large (an odd margin leaves the extra pixel after). */
    static Pixels centreCrop(Pixels image, int height, int width) {
        int top = (image.height() - height) / 2;
        int left = (image.width() - width) / 2;
        float[] result = new float[image.channels() * height * width];
        for (int ch = 0; ch < image.channels(); ch++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(image.values(), (ch * image.height() + top + y) * image.width() + left, result,
                        (ch * height + y) * width, width);
            }
        }
        return new Pixels(image.channels(), height, width, result);
    }

    /** For each output position along one axis: the first input index and the normalized weights. */
    private static final class Weights {
        private final int[] first;
        private final double[][] weights;

        Weights(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle's support is 1 pixel, widened when reducing
            first = new int[outSize];
            weights = new double[outSize][];
            for (int o = 0; o < outSize; o++) {
                double centre = (o + 0.5) * scale;
                int lo = Math.max((int) (centre - support + 0.5), 0);
                int hi = Math.min((int) (centre + support + 0.5), inSize);
                double[] w = new double[hi - lo];
                double total = 0;
                for (int i = 0; i < w.length; i++) {
                    w[i] = triangle((lo + i - centre + 0.5) / filterScale);
                    total += w[i];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] = total == 0 ? 0 : w[i] / total;
                }
                first[o] = lo;
                weights[o] = w;
            }
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1 ? 1 - a : 0;
        }

        /** The weighted sum for output {@code o} over {@code values[start + stride * i]}. */
        float apply(float[] values, int start, int stride, int o) {
            double sum = 0;
            double[] w = weights[o];
            int at = start + first[o] * stride;
            for (int i = 0; i < w.length; i++, at += stride) {
                sum += w[i] * values[at];
            }
            return (float) sum;
        }
    }
}
