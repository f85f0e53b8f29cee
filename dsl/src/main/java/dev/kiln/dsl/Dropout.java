package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout: in training each unit is zeroed with probability {@code rate} and the survivors
 * are scaled by {@code 1/(1 - rate)}; at inference the layer is the identity.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dropout {
    /** Drop probability, in [0, 1). */
    double rate() default 0.5;
}
