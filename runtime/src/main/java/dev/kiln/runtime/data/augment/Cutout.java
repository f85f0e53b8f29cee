package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * Cutout (DeVries and Taylor, 2017): a {@code size} x {@code size} square set to 0 in every channel,
 * centred on a pixel drawn uniformly from the whole image and clipped at its edges, so a square near
 * a border erases less. The square spans rows {@code [cy − size/2, cy − size/2 + size)} (integer
 * division), and columns likewise.
 */
final class Cutout extends ImageStep {
    private final int size;

    Cutout(int size) {
        this.size = pixels("cutout size", size);
    }

    @Override
    void transform(double[] in, double[] out, int offset, ImageShape image, SplittableRandom random) {
        int cy = random.nextInt(image.height());
        int cx = random.nextInt(image.width());
        int top = Math.max(0, cy - size / 2);
        int left = Math.max(0, cx - size / 2);
        int bottom = Math.min(image.height(), cy - size / 2 + size);
        int right = Math.min(image.width(), cx - size / 2 + size);
        Rectangle.erase(in, out, offset, image, top, left, bottom - top, right - left, 0);
    }

    @Override
    public String toString() {
        return "cutout(" + size + ")";
    }
}
