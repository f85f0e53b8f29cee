/**
 * Checkpoints: saving and loading a model's (and a training run's) state. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.NullMarked;
