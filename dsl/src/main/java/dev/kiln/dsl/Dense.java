package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer {@code y = f(x W + b)} with W {@code [in, units]} and b {@code [units]}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dense {
    /** Number of output units; must be positive. */
    int units();

    /** Whether the layer adds a bias. */
    boolean bias() default true;

    /** Activation applied to {@code x W + b}; identity (a linear layer) unless given. */
    Activation activation() default Activation.IDENTITY;

    /** The activation's parameter (leaky slope, ELU alpha, swish beta); NaN means its default. */
    double activationParameter() default Double.NaN;

    /** Weight initializer; by default chosen from the activation. */
    Init weightInit() default @Init;

    /** Bias initializer; zeros by default. Setting it on a layer without bias is an error. */
    Init biasInit() default @Init;

    /**
     * Weight normalization: W = g v / ||v|| per output unit, with v and g trained instead of W.
     * v is drawn from {@code weightInit} and g starts at ||v||, so W starts as drawn.
     */
    boolean weightNorm() default false;
}
