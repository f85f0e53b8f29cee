/**
 * Augmentation of training batches (crop, flips, affine moves, cutout, erasing, mixup, label
 * smoothing) and test-time flips. Types are non-null unless marked {@code @Nullable} (JSpecify), which
 * Kotlin reads as {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.data.augment;

import org.jspecify.annotations.NullMarked;
