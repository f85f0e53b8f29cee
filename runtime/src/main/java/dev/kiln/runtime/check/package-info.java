/**
 * Numerical checks of a model (gradient checks, signal propagation). Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.check;

import org.jspecify.annotations.NullMarked;
