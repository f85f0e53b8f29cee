package dev.kiln.dsl;

/** The shortcut path of a residual unit (reference section 12). */
public enum Shortcut {
    /** Identity where the unit keeps its input's shape, a projection where the branch changes it. */
    AUTO,
    /** A projection in the first unit of the stage even when the shape is kept. */
    PROJECTION,
    /** Always the identity: a unit whose branch changes the shape is a compile error. */
    IDENTITY
}
