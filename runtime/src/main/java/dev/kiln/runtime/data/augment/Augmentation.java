package dev.kiln.runtime.data.augment;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A sequence of training-time transforms applied to every batch, built from {@link Augment}'s
 * factories and {@link #then}: {@code Augment.randomCrop(2).then(Augment.flipHorizontal())}. Steps run
 * in the order given, each over the whole batch. Immutable: {@code then} and {@link #imageShape}
 * return a new augmentation, so one can be shared.
 *
 * <p>Image steps take NCHW batches {@code [N, C, H, W]}, or flat rows {@code [N, C·H·W]} once their
 * shape is declared with {@link #imageShape}. {@link #toString()} lists the steps with their
 * settings; a checkpoint records it, and a resume with another augmentation is refused.
 */
public final class Augmentation {
    private final List<AugmentStep> steps;
    private final @Nullable ImageShape declared;

    Augmentation(List<AugmentStep> steps, @Nullable ImageShape declared) {
        this.steps = List.copyOf(steps);
        this.declared = declared;
    }

    static Augmentation of(AugmentStep step) {
        return new Augmentation(List.of(step), null);
    }

    /** This augmentation's steps, then {@code next}'s. */
    public Augmentation then(Augmentation next) {
        if (declared != null && next.declared != null && !declared.equals(next.declared)) {
            throw new IllegalArgumentException("cannot chain augmentations for images " + declared + " and "
                    + next.declared);
        }
        List<AugmentStep> all = new ArrayList<>(steps);
        all.addAll(next.steps);
        return new Augmentation(all, declared != null ? declared : next.declared);
    }

    /**
     * Reads each example's flat features as a {@code channels x height x width} image (NCHW order), for
     * data stored as rows such as Fashion-MNIST's {@code [N, 784]}: {@code imageShape(1, 28, 28)}.
     */
    public Augmentation imageShape(int channels, int height, int width) {
        return new Augmentation(steps, new ImageShape(channels, height, width));
    }

    /** The image shape given to {@link #imageShape}, or null. */
    @Nullable ImageShape declaredShape() {
        return declared;
    }

    /** Whether a step rewrites the targets (mixup, label smoothing): the batches then carry soft targets. */
    public boolean changesTargets() {
        return steps.stream().anyMatch(AugmentStep::changesTargets);
    }

    /** The image geometry the steps work on for examples shaped {@code exampleShape}, or null when no step needs one. */
    @Nullable ImageShape imageFor(long[] exampleShape) {
        String imageSteps = steps.stream().filter(AugmentStep::needsImages).map(Object::toString)
                .collect(Collectors.joining(", "));
        return imageSteps.isEmpty() ? null : ImageShape.of(exampleShape, declared, imageSteps);
    }

    void apply(AugmentBuffers batch, SplittableRandom random) {
        for (AugmentStep step : steps) {
            step.apply(batch, random);
        }
    }

    @Override
    public String toString() {
        String list = steps.stream().map(Object::toString).collect(Collectors.joining(" then "));
        return declared == null ? list : list + " on images " + declared;
    }
}
