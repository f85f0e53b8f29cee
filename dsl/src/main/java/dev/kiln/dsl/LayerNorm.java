package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Layer normalization: per example over all its features, with element-wise gamma and beta. The same in training and inference.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface LayerNorm {
    /** Added to the variance inside the square root. */
    double eps() default 1e-5;

    /** Whether the layer learns a scale gamma (and a shift beta). */
    boolean affine() default true;
}
