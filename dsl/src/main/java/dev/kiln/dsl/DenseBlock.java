package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A DenseNet dense block: {@link #repeat} units, each {@code x = concat_C(x, F(x))}, where F is the
 * layers of the field's type, a class declared once. F's output channels are the growth rate k,
 * so the block takes c channels to {@code c + repeat·k}. Layers of unit i of block
 * {@code block1} are named {@code block1_i_<field>}; the concatenation {@code block1_i_concat}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface DenseBlock {
    /** Number of units. */
    int repeat();

    /** Multiplies the filters of every Conv2d and the units of every Dense in the block. */
    int width() default 1;
}
