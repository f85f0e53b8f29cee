package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stage of residual units, each {@code out = activation(shortcut(x) + F(x))}, where the residual
 * branch F is the layers of the field's type, a class declared once and repeated {@link #repeat}
 * times:
 * <pre>
 *   &#64;Residual(repeat = 2, width = 2, stride = 2) BasicBlock layer2;
 * </pre>
 * The first unit of a stage takes the stage's {@link #stride} on the branch layer named by
 * {@link #strideAt} (the first Conv2d by default). The shortcut is the identity where the shape is
 * kept and otherwise a projection: a 1x1 convolution without bias, with the stage's stride, and a
 * batch norm (a linear Dense for [n, features] units). Layers of unit i of stage {@code layer2} are
 * named {@code layer2_i_<field>}; the projection {@code layer2_0_projection} and
 * {@code layer2_0_projectionNorm}; the addition {@code layer2_i_add}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Residual {
    /** Number of units in the stage. */
    int repeat() default 1;

    /** Multiplies the filters of every Conv2d and the units of every Dense in the block (stage widths 64, 128, 256, ...). */
    int width() default 1;

    /** The stride of the stage's first unit: 2 halves H and W. */
    int stride() default 1;

    /** The branch layer that takes the stride, by field name; empty means the first Conv2d (the original ResNet). */
    String strideAt() default "";

    /** After the addition: RELU for the original (post-activation) unit, IDENTITY for the pre-activation unit. */
    Activation activation() default Activation.RELU;

    Shortcut shortcut() default Shortcut.AUTO;

    /** Whether a convolutional projection is followed by batch norm. */
    boolean projectionNorm() default true;

    /**
     * Stochastic depth: the probability that a unit's branch runs in a training step (1 = always).
     * Inference scales the branch by it.
     */
    double survival() default 1.0;

    /**
     * With stochastic depth, decay the survival probability linearly with depth: unit l of the
     * model's L residual units survives with {@code 1 - (l / L)(1 - survival)}.
     */
    boolean linearDecay() default false;
}
