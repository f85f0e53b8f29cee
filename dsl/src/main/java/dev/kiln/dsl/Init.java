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
 * @Dense(units = 64, weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 2, mode = FanMode.FAN_AVG,
 *                                      distribution = Distribution.TRUNCATED_NORMAL))
 * }</pre>
 */
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Init {
    Scheme scheme() default Scheme.DEFAULT;

    /** Mean of {@link Scheme#NORMAL} and {@link Scheme#TRUNCATED_NORMAL}; 0 when unset. */
    double mean() default Double.NaN;

    /** Standard deviation of {@link Scheme#NORMAL}, {@link Scheme#SPARSE} and (before truncation)
     *  {@link Scheme#TRUNCATED_NORMAL}: a standard deviation, never a variance. */
    double std() default Double.NaN;

    /** Lower bound of {@link Scheme#UNIFORM}; lower truncation bound of {@link Scheme#TRUNCATED_NORMAL}
     *  (default mean - 2 std). */
    double low() default Double.NaN;

    /** Upper bound of {@link Scheme#UNIFORM}; upper truncation bound of {@link Scheme#TRUNCATED_NORMAL}
     *  (default mean + 2 std). */
    double high() default Double.NaN;

    /** Value of {@link Scheme#CONSTANT}. */
    double value() default Double.NaN;

    /** Gain of the Xavier, Kaiming, orthogonal, identity and Dirac schemes; unset means the gain of
     *  the layer's activation for Kaiming (sqrt(2) for ReLU) and 1 for the others. */
    double gain() default Double.NaN;

    /** Fan of the Kaiming schemes (FAN_IN or FAN_OUT) and of {@link Scheme#VARIANCE_SCALING}. */
    FanMode mode() default FanMode.FAN_IN;

    /** Variance numerator of {@link Scheme#VARIANCE_SCALING}: variance = scale / fan; 1 when unset. */
    double scale() default Double.NaN;

    /** Distribution of {@link Scheme#VARIANCE_SCALING}. */
    Distribution distribution() default Distribution.NORMAL;

    /** Fraction of each unit's incoming weights that {@link Scheme#SPARSE} sets to zero, in [0, 1). */
    double sparsity() default Double.NaN;
}
