/**
 * Optimizers: transform chains, parameter groups, learning-rate schedules. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.optim;

import org.jspecify.annotations.NullMarked;
