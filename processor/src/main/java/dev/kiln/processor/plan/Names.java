package dev.kiln.processor.plan;

import java.util.Locale;

/** How layer names become identifiers in generated code. */
final class Names {
    private Names() {
    }

    /** {@code hiddenLayer} -> {@code HIDDEN_LAYER}: the constant holding the layer's spec. */
    static String constant(String layer) {
        return layer.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** {@code fc1} + {@code W} -> {@code fc1W}. */
    static String member(String layer, String suffix) {
        return layer + suffix;
    }

    /** {@code [784,256]}: a parameter shape as comments show it. */
    static String shape(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return text.append(']').toString();
    }

    /** {@code 784, 256}: a shape as the arguments of {@code Nd4j.create}. */
    static String arguments(long[] shape) {
        return shape(shape).replace("[", "").replace("]", "").replace(",", ", ");
    }
}
