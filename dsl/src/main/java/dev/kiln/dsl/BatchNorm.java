package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalization: per feature ([n,C]) or per channel ([n,C,H,W]) over the batch (and H, W). Training normalizes with the biased batch variance and updates running statistics; inference uses the running statistics. A Dense layer right before it is folded into at inference.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm {
    /** Added to the variance inside the square root. */
    double eps() default 1e-5;

    /** Whether the layer learns a scale gamma (and a shift beta). */
    boolean affine() default true;

    /** Decay of the running statistics: {@code r <- decay * r + (1 - decay) * batch value}; in [0, 1). */
    double decay() default 0.9;
}
