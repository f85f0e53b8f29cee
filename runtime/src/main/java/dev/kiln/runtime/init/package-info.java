/**
 * Weight initialisers. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.init;

import org.jspecify.annotations.NullMarked;
