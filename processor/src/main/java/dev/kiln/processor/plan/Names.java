package dev.kiln.processor.plan;

import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/** How layer names become identifiers in generated code. */
final class Names {
    private Names() {
    }

    /**
     * The generated class for a model: {@code FashionMlp} -> {@code FashionMlpNet}; a nested model
     * {@code Models.Small} -> {@code Models_SmallNet}, so nested models of the same simple name in
     * one package get different classes.
     */
    static String netClass(TypeElement model) {
        return String.join("_", nesting(model)) + "Net";
    }

    /** The model's name within its package, as source refers to it: {@code Models.Small}. */
    static String nestedName(TypeElement model) {
        return String.join(".", nesting(model));
    }

    private static Deque<String> nesting(TypeElement model) {
        Deque<String> names = new ArrayDeque<>();
        for (Element e = model; e instanceof TypeElement type; e = e.getEnclosingElement()) {
            names.push(type.getSimpleName().toString());
        }
        return names;
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
