/**
 * What every generated network offers (KilnNet, Parameter, state buffers). Types are non-null unless marked {@code @Nullable} (JSpecify), which Kotlin reads as
 * {@code T?}.
 */
@NullMarked
package dev.kiln.runtime;

import org.jspecify.annotations.NullMarked;
