package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Parametric ReLU (He et al., 2015): {@code y = x} where {@code x > 0}, else {@code α·x}, with the
 * slope α learned. One α per channel (the features of a flat input, the channels of {@code [C, H, W]})
 * unless {@code shared}, then one α for the whole layer. α is never weight-decayed (reference §8.2).
 * The output shape equals the input shape.
 *
 * <p>A linear Dense or Conv2d layer before it is initialized for leaky ReLU with slope {@code init}
 * (Kaiming, gain √(2/(1+α₀²))), as the paper derives.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface PRelu {
    /** One α for every unit of the layer instead of one per channel. */
    boolean shared() default false;

    /** α's starting value α₀, in [0, 1): 0.25, the paper's. */
    double init() default 0.25;
}
