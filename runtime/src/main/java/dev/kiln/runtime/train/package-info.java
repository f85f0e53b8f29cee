/**
 * The training loop, its listeners and callbacks. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.train;

import org.jspecify.annotations.NullMarked;
