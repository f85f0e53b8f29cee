package dev.kiln.processor.read;

import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.Arrays;

/**
 * Reads the size attributes of convolution and pooling layers: one number for both axes or two
 * for {height, width}, each within its range. Problems are reported at the attribute.
 */
public final class WindowReader {
    private final VariableElement field;
    private final AnnotationMirror mirror;
    private final AnnotationValues values;
    private final ReadContext context;
    private boolean ok = true;

    public WindowReader(VariableElement field, AnnotationMirror mirror, AnnotationValues values, ReadContext context) {
        this.field = field;
        this.mirror = mirror;
        this.values = values;
        this.context = context;
    }

    /** {height, width} of an attribute whose values must be at least {@code minimum}. */
    public int[] pair(String attribute, int minimum) {
        int[] given = values.getIntArray(attribute);
        if (given.length < 1 || given.length > 2) {
            fail(attribute, attribute + " = " + Arrays.toString(given) + " must give one size, or two as {height, width}",
                    "e.g. " + attribute + " = 3");
            return new int[] {minimum, minimum};
        }
        int[] pair = given.length == 1 ? new int[] {given[0], given[0]} : given;
        if (pair[0] < minimum || pair[1] < minimum) {
            fail(attribute, attribute + " = " + Arrays.toString(given) + " must be at least " + minimum, "e.g. " + attribute + " = "
                    + Math.max(minimum, 1));
        }
        return pair;
    }

    public void require(boolean valid, String attribute, String problem, String hint) {
        if (!valid) {
            fail(attribute, problem, hint);
        }
    }

    public boolean ok() {
        return ok;
    }

    private void fail(String attribute, String problem, String hint) {
        ok = false;
        context.diagnostics().report(Message.WINDOW_PARAMETER, AnnotationSites.attribute(field, mirror, attribute), hint,
                field.getSimpleName(), context.modelName(), problem);
    }
}
