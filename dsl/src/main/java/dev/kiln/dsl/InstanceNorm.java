package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Instance normalization: per example and channel over H and W (GroupNorm with G = C). The same in training and inference.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface InstanceNorm {
    /** Added to the variance inside the square root. */
    double eps() default 1e-5;

    /** Whether the layer learns a scale gamma (and a shift beta). */
    boolean affine() default true;
}
