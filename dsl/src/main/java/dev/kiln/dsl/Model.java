package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.annotation.ElementType;

/**
 * Declares a model. Layers are the annotated fields of the class, in declaration order; a field's
 * name is the layer's name everywhere (generated code, errors, summary, checkpoints). For
 * {@code @Model class Foo} the processor writes {@code FooNet} in the same package.
 *
 * <pre>{@code
 * @Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
 * class FashionMlp {
 *     @Dense(units = 256, activation = Activation.RELU) Layer fc1;
 *     @Dense(units = 10) Layer logits;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
    /** Shape of one example, without the batch dimension, e.g. {@code {784}}. */
    int[] input();

    /** The training loss, applied to the output of the last layer. */
    Loss loss();

    /** The default optimizer and schedule; plain SGD at its default learning rate unless given. */
    Training training() default @Training;
}
