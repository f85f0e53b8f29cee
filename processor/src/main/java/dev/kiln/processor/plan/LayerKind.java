package dev.kiln.processor.plan;

import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.read.LayerReader;

import java.util.List;

/**
 * Everything the processor knows about one kind of layer, in one class: the annotations that declare
 * it and how they are read into its IR spec ({@link #readers}), whether its kernels take the
 * convolution layout ({@link #takesLayout}), and the code it emits in each pass ({@link LayerEmitter}).
 * The IR spec itself holds the shape rule, the parameter count and the cost, which the runtime needs
 * too. {@link LayerKinds} lists the kinds; adding one is its annotation, its spec, a class
 * implementing this interface, its entry in that list and its runtime kernel.
 */
interface LayerKind extends LayerEmitter {

    /** The specs this kind plans (one for most kinds). */
    List<Class<? extends LayerSpec>> specs();

    /** One reader per annotation that declares this kind. */
    List<LayerReader> readers();

    /**
     * Whether the layer's kernels take its arrays in the model's convolution layout for an input of
     * {@code input} per example ({@link ConvolutionChains}). A kind that says no is converted around.
     */
    default boolean takesLayout(LayerSpec spec, Shape input) {
        return false;
    }
}
