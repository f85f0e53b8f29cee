package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution over NCHW input {@code [n, C, H, W]}, weights {@code [filters, C/groups, kH, kW]}.
 * Output size per spatial axis: {@code floor((H + 2P - dilation (K - 1) - 1) / stride) + 1}.
 * Sizes given as one number apply to both axes; two numbers are {height, width}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv2d {
    /** Number of output channels. */
    int filters();

    /** Kernel size: {@code 3} or {@code {3, 5}}. */
    int[] kernel();

    int[] stride() default 1;

    /** Zero padding on each side; leave unset with {@code same = true}. */
    int[] padding() default 0;

    /** Pads by dilation (K - 1) / 2 per side, so stride 1 keeps H and W (odd kernels only). */
    boolean same() default false;

    int[] dilation() default 1;

    /** Channel groups: input and output channels are split into this many independent groups. */
    int groups() default 1;

    boolean bias() default true;

    Activation activation() default Activation.IDENTITY;

    /** The activation's parameter (leaky slope, ELU alpha, swish beta); NaN means its default. */
    double activationParameter() default Double.NaN;

    /** Weight initializer; by default chosen from the activation (fans per reference: inC/groups x kH x kW). */
    Init weightInit() default @Init;

    Init biasInit() default @Init;
}
