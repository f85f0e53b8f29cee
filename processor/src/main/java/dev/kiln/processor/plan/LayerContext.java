package dev.kiln.processor.plan;

import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.Shape;

/**
 * What an emitter knows about the layer it emits: its spec, shapes, the constant that holds its
 * spec, the comment line that heads its statements, the layer before it, (for a linear Dense or
 * Conv2d layer) the batch norm after it that the inference snapshot folds into its weights, or null, and whether its
 * 4-D arrays are in the model's convolution layout ({@link ConvolutionChains}).
 */
record LayerContext(LayerSpec spec, Shape input, Shape output, String specConstant, String header,
                    LayerContext previous, NormSpec foldsBatchNorm, boolean inLayout) {

    /** The name of the generated model's layout field, passed to the kernels of layers in the layout. */
    static final String LAYOUT = "layout";

    /** The first kernel argument of a layer in the layout, {@code "layout, "}; "" for the others. */
    String layoutArgument() {
        return inLayout ? LAYOUT + ", " : "";
    }

    /** An array of this layer as NCHW for code outside the chain: a view in the layout, else itself. */
    String nchw(String array) {
        return inLayout ? LAYOUT + ".nchw(" + array + ")" : array;
    }

    /** True for a batch norm that the inference snapshot folds into the Dense or Conv2d layer before it. */
    boolean foldedIntoPrevious() {
        return previous != null && previous.foldsBatchNorm() != null;
    }

    String name() {
        return spec.name();
    }

    /** {@code fc1: Dense 784 -> 256, relu (FashionMlp.java:14)  [n,784] -> [n,256]} */
    String comment() {
        return header + "  " + input + " -> " + output;
    }

    /** {@code fc1: Dense 784 -> 256, relu (FashionMlp.java:14)  backward dL/d[n,256] -> dL/d[n,784]}, plus a note. */
    String backwardComment(String note) {
        return header + "  backward dL/d" + output + " -> dL/d" + input + note;
    }

    /** A member name for this layer, e.g. {@code fc1W}, {@code fc1Out}. */
    String member(String suffix) {
        return Names.member(name(), suffix);
    }
}
