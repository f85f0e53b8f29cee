package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Group normalization: per example over groups of C/G channels (and H, W), gamma and beta per channel. The same in training and inference; suits small batches.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface GroupNorm {
    /** Added to the variance inside the square root. */
    double eps() default 1e-5;

    /** Whether the layer learns a scale gamma (and a shift beta). */
    boolean affine() default true;

    /** Number of groups G; 0 means min(32, C). G must divide the channel count C. */
    int groups() default 0;
}
