/**
 * The kernels generated networks call (forward and backward of each layer). Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.kernels;

import org.jspecify.annotations.NullMarked;
