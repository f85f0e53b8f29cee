package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maxout (Goodfellow et al., 2013): the channels (features of a flat input, channels of
 * {@code [C, H, W]}) in groups of {@code pieces} consecutive ones, each group replaced by its
 * maximum: output channel j is {@code max(x[j·k], ..., x[j·k + k − 1])} for k = pieces, so C
 * channels become C / k. Put it after a linear Dense or Conv2d layer with k times the units it
 * should output: together they are the maxout unit {@code max_j(x W_j + b_j)}. The backward pass
 * routes each gradient to the piece that was the maximum (ties: the lowest piece).
 *
 * <p>Maxout has no analytic initialization variance; the layer before it is initialized as linear
 * (Xavier), and LSUV is the reference's advice for a calibrated start.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Maxout {
    /** The number of pieces k per output channel, at least 2; it must divide the input's channels. */
    int pieces() default 2;
}
