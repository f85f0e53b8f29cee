package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * RMS normalization: {@code y = gamma * x / sqrt(mean(x^2) + eps)} per example over its features, no centring and no beta.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface RmsNorm {
    /** Added to the variance inside the square root. */
    double eps() default 1e-5;

    /** Whether the layer learns a scale gamma. */
    boolean affine() default true;
}
