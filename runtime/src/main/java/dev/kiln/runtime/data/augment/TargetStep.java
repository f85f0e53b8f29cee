package dev.kiln.runtime.data.augment;

/** A step that rewrites the targets (and maybe the features) of any data, images or not. */
abstract class TargetStep implements AugmentStep {

    @Override
    public final boolean needsImages() {
        return false;
    }

    @Override
    public final boolean changesTargets() {
        return true;
    }
}
