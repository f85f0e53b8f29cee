package dev.kiln.runtime.data.augment;

/**
 * The augmentation steps, each an {@link Augmentation} to chain with {@code then}:
 * {@code Augment.randomCrop(2).then(Augment.flipHorizontal())}. Image steps work on NCHW images;
 * mixup and label smoothing on any features. Their random parameters are drawn per example (mixup: per
 * batch) from a generator seeded by the trainer's seed, the epoch and the batch's index.
 */
public final class Augment {
    private Augment() {
    }

    /** Zero-pads by {@code padding} pixels per side and crops back at a random origin: a shift by up to ±padding per axis. */
    public static Augmentation randomCrop(int padding) {
        return Augmentation.of(new RandomCrop(padding));
    }

    /** Mirrors left to right half of the images. */
    public static Augmentation flipHorizontal() {
        return flipHorizontal(0.5);
    }

    /** Mirrors left to right each image with probability {@code probability}. */
    public static Augmentation flipHorizontal(double probability) {
        return Augmentation.of(new HorizontalFlip(probability));
    }

    /** Rotates each image about its centre by an angle uniform in ±{@code maxDegrees}, bilinear, zeros outside. */
    public static Augmentation rotate(double maxDegrees) {
        return Augmentation.of(RandomAffine.rotation(maxDegrees));
    }

    /** Shifts each image by up to ±{@code maxFraction} of its width and height (sub-pixel, bilinear), zeros outside. */
    public static Augmentation translate(double maxFraction) {
        return Augmentation.of(RandomAffine.translation(maxFraction));
    }

    /** Sets a {@code size} x {@code size} square around a uniformly drawn pixel to 0, clipped at the edges (cutout). */
    public static Augmentation cutout(int size) {
        return Augmentation.of(new Cutout(size));
    }

    /**
     * Random erasing with the published settings: with probability {@code probability}, a rectangle of
     * 2 % to 33 % of the image with aspect ratio 0.3 to 3.3 set to 0.
     */
    public static Augmentation randomErasing(double probability) {
        return randomErasing(probability, 0.02, 1 / 3.0, 0.3, 0);
    }

    /** Random erasing: a rectangle of {@code minArea..maxArea} of the image, aspect {@code minAspect..1/minAspect}, set to {@code value}. */
    public static Augmentation randomErasing(double probability, double minArea, double maxArea, double minAspect,
                                             double value) {
        return Augmentation.of(new RandomErasing(probability, minArea, maxArea, minAspect, value));
    }

    /** Mixup with λ ~ Beta(alpha, alpha) per batch: features and targets mixed with a shuffled partner (soft targets). */
    public static Augmentation mixup(double alpha) {
        return Augmentation.of(new Mixup(alpha));
    }

    /** Label smoothing: targets {@code (1 − epsilon)·y + epsilon/K}. */
    public static Augmentation labelSmoothing(double epsilon) {
        return Augmentation.of(new LabelSmoothing(epsilon));
    }
}
