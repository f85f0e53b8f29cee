package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * Random erasing (Zhong et al., 2017): with probability p, a rectangle inside the image set to
 * {@code value} in every channel. Its area is a fraction of the image uniform in
 * [{@code minArea}, {@code maxArea}], its aspect ratio (height / width) log-uniform in
 * [{@code minAspect}, 1 / {@code minAspect}], height {@code round(√(area·ratio))} and width
 * {@code round(√(area / ratio))}; its position uniform among those where it fits. A draw that does not
 * fit (or rounds to nothing) is drawn again, up to {@value #ATTEMPTS} times; then the image is left as it is.
 */
final class RandomErasing extends ImageStep {
    static final int ATTEMPTS = 10;

    private final double probability;
    private final double minArea;
    private final double maxArea;
    private final double minAspect;
    private final double value;

    RandomErasing(double probability, double minArea, double maxArea, double minAspect, double value) {
        this.probability = probability("randomErasing", probability);
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
            throw new IllegalArgumentException("randomErasing areas must satisfy 0 < min <= max <= 1 (fractions of the"
                    + " image), got min " + minArea + " and max " + maxArea);
        }
        if (!(minAspect > 0 && minAspect <= 1)) {
            throw new IllegalArgumentException("randomErasing's smallest aspect ratio must be in (0, 1] (the largest is"
                    + " its inverse), got " + minAspect);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("randomErasing's fill value must be finite, got " + value);
        }
        this.minArea = minArea;
        this.maxArea = maxArea;
        this.minAspect = minAspect;
        this.value = value;
    }

    @Override
    void transform(double[] in, double[] out, int offset, ImageShape image, SplittableRandom random) {
        if (random.nextDouble() >= probability) {
            System.arraycopy(in, offset, out, offset, image.size());
            return;
        }
        double logAspect = Math.log(minAspect);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double area = (minArea + (maxArea - minArea) * random.nextDouble()) * image.pixels();
            double ratio = Math.exp(logAspect + (-2 * logAspect) * random.nextDouble());
            int height = (int) Math.round(Math.sqrt(area * ratio));
            int width = (int) Math.round(Math.sqrt(area / ratio));
            if (height >= 1 && width >= 1 && height <= image.height() && width <= image.width()) {
                int top = random.nextInt(image.height() - height + 1);
                int left = random.nextInt(image.width() - width + 1);
                Rectangle.erase(in, out, offset, image, top, left, height, width, value);
                return;
            }
        }
        System.arraycopy(in, offset, out, offset, image.size());
    }

    @Override
    public String toString() {
        return "randomErasing(" + probability + ", area " + minArea + "-" + maxArea + ", aspect " + minAspect + "-"
                + 1 / minAspect + ", value " + value + ")";
    }
}
