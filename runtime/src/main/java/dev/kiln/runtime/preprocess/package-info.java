/**
 * Preprocessing of features (scalers, encoders) fitted on training data. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.preprocess;

import org.jspecify.annotations.NullMarked;
