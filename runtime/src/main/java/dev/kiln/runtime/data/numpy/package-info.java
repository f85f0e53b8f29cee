/**
 * NumPy .npy / .npz files as datasets and batch sources. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.data.numpy;

import org.jspecify.annotations.NullMarked;
