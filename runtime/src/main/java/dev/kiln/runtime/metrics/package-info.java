/**
 * Metrics over a model's predictions. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.metrics;

import org.jspecify.annotations.NullMarked;
