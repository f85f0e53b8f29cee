/**
 * Image folders as datasets. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.data.image;

import org.jspecify.annotations.NullMarked;
