package dev.kiln.dsl;

/** The distribution {@link Scheme#VARIANCE_SCALING} draws from; each has variance {@code scale / fan}. */
public enum Distribution {
    /** N(0, scale/fan). */
    NORMAL,
    /** N(0, s^2) redrawn outside +-2s, with s = sqrt(scale/fan) / 0.87962566 so that the truncated
     *  draws still have variance scale/fan. */
    TRUNCATED_NORMAL,
    /** U(+-sqrt(3 * scale/fan)). */
    UNIFORM
}
