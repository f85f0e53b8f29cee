/**
 * The gradient transforms an optimizer chain is made of. Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime.optim.transform;

import org.jspecify.annotations.NullMarked;
