package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * Random crop with zero padding: the image padded by {@code padding} zeros on every side and cropped
 * back to its size at a random origin, which is a shift of the image by (dy, dx), each uniform over
 * the integers in [-padding, padding]: {@code out(c, y, x) = in(c, y + dy, x + dx)}, 0 where that
 * falls outside the image.
 */
final class RandomCrop extends ImageStep {
    private final int padding;

    RandomCrop(int padding) {
        this.padding = pixels("randomCrop padding", padding);
    }

    @Override
    void transform(double[] in, double[] out, int offset, ImageShape image, SplittableRandom random) {
        int dy = random.nextInt(2 * padding + 1) - padding;
        int dx = random.nextInt(2 * padding + 1) - padding;
        shift(in, out, offset, image, dy, dx);
    }

    /** {@code out(c, y, x) = in(c, y + dy, x + dx)}, 0 outside the image. */
    static void shift(double[] in, double[] out, int offset, ImageShape image, int dy, int dx) {
        int h = image.height();
        int w = image.width();
        for (int c = 0; c < image.channels(); c++) {
            int plane = offset + c * image.pixels();
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = x + dx;
                    out[plane + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[plane + sy * w + sx] : 0;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "randomCrop(" + padding + ")";
    }
}
