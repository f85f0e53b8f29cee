package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A standalone element-wise activation layer; the output shape equals the input shape. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface ActivationLayer {
    Activation value();

    /** The activation's parameter (leaky slope, ELU alpha, swish beta); NaN means its default. */
    double parameter() default Double.NaN;
}
