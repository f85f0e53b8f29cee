/**
 * CSV files as datasets. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.data.csv;

import org.jspecify.annotations.NullMarked;
