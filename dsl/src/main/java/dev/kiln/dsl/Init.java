package dev.kiln.dsl;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An initializer, used as the value of {@code weightInit} and {@code biasInit}. Attributes a scheme
 * does not use must stay unset (NaN); the processor reports one that is set but ignored.
 *
 * <pre>{@code
 * @Dense(units = 256, activation = Activation.RELU,
 *        weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
 * @Dense(units = 10, weightInit = @Init(scheme = Scheme.NORMAL, std = 0.01))
 * }</pre>
 */
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Init {
    Scheme scheme() default Scheme.DEFAULT;

    /** Mean of {@link Scheme#NORMAL}. */
    double mean() default Double.NaN;

    /** Standard deviation of {@link Scheme#NORMAL} (a standard deviation, never a variance). */
    double std() default Double.NaN;

    /** Lower bound of {@link Scheme#UNIFORM}. */
    double low() default Double.NaN;

    /** Upper bound of {@link Scheme#UNIFORM}. */
    double high() default Double.NaN;

    /** Value of {@link Scheme#CONSTANT}. */
    double value() default Double.NaN;

    /** Gain of the Xavier and Kaiming schemes; unset means 1 for Xavier and the gain of the layer's
     *  activation for Kaiming (sqrt(2) for ReLU). */
    double gain() default Double.NaN;

    /** Fan of the Kaiming schemes. */
    FanMode mode() default FanMode.FAN_IN;
}
