/**
 * Exporting a trained model to other formats. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.export;

import org.jspecify.annotations.NullMarked;
