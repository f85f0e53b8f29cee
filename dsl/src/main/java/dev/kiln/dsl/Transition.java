package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A DenseNet transition between dense blocks: batch norm, ReLU, a 1x1 convolution without bias to
 * {@code floor(compression · C)} channels, and a 2x2 average pool with stride 2. Its layers are
 * named {@code <field>_norm}, {@code <field>_relu}, {@code <field>_conv} and {@code <field>_pool}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Transition {
    /** The fraction of channels kept, in (0, 1]. */
    double compression() default 0.5;
}
