package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/** Mirrors each image left to right with probability p: {@code out(c, y, x) = in(c, y, W - 1 - x)}. */
final class HorizontalFlip extends ImageStep {
    private final double probability;

    HorizontalFlip(double probability) {
        this.probability = probability("flipHorizontal", probability);
    }

    @Override
    void transform(double[] in, double[] out, int offset, ImageShape image, SplittableRandom random) {
        if (random.nextDouble() < probability) {
            flip(in, out, offset, image);
        } else {
            System.arraycopy(in, offset, out, offset, image.size());
        }
    }

    static void flip(double[] in, double[] out, int offset, ImageShape image) {
        int w = image.width();
        for (int row = 0; row < image.channels() * image.height(); row++) {
            int start = offset + row * w;
            for (int x = 0; x < w; x++) {
                out[start + x] = in[start + w - 1 - x];
            }
        }
    }

    @Override
    public String toString() {
        return "flipHorizontal(" + probability + ")";
    }
}
