package dev.kiln.kotlin

/**
 * Marks Kiln's builder scopes, so that inside a nested block (an optimizer's, a parameter group's)
 * the settings of an outer block (the fit's `epochs`, `batchSize`) cannot be reached by accident:
 * writing `epochs = 3` inside `adamW { }` is a compile error rather than a silent change of the fit.
 */
@DslMarker
@Target(AnnotationTarget.CLASS)
annotation class KilnDsl
