/**
 * Learning-rate schedules. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.optim.schedule;

import org.jspecify.annotations.NullMarked;
