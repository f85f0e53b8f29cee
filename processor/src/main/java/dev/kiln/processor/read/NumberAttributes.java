package dev.kiln.processor.read;

import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import java.util.Map;

/**
 * The one check every number attribute of every Kiln annotation passes before its reader sees it:
 * the value must be a finite number that float32, the precision models compute in by default,
 * holds: not infinite, no larger in magnitude than {@link Float#MAX_VALUE}, and not so small that
 * it rounds to 0 (a positive eps or std of 1e-50 would become 0). Each value is reported at its
 * attribute (KILN-E016). NaN is left to the readers: for most attributes it means "unset".
 */
final class NumberAttributes {
    private NumberAttributes() {
    }

    /**
     * Reports every written number attribute of {@code mirror} (nested annotations included) that is
     * not a finite float32.
     *
     * @param owner how messages name what the annotation declares, e.g. {@code layer 'fc1' of model Mlp}
     * @return true when every value is fine
     */
    static boolean check(Element element, AnnotationMirror mirror, String owner, Diagnostics diagnostics) {
        return check(element, mirror, "", owner, diagnostics);
    }

    private static boolean check(Element element, AnnotationMirror mirror, String prefix, String owner, Diagnostics diagnostics) {
        boolean ok = true;
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : mirror.getElementValues().entrySet()) {
            String attribute = entry.getKey().getSimpleName().toString();
            Object value = entry.getValue().getValue();
            if (value instanceof AnnotationMirror nested) {
                ok &= check(element, nested, prefix + attribute + ": ", owner, diagnostics);
            } else if (value instanceof Double || value instanceof Float) {
                String problem = problem(((Number) value).doubleValue());
                if (problem != null) {
                    diagnostics.report(Message.NON_FINITE_NUMBER, AnnotationSites.attribute(element, mirror, attribute),
                            "give a finite number within float32's range (about ±3.4e38, and 0 or at least 1.4e-45 in magnitude)",
                            owner, prefix + attribute, value, problem);
                    ok = false;
                }
            }
        }
        return ok;
    }

    /** What is wrong with {@code value} as a float32 number, or null. */
    static String problem(double value) {
        if (Double.isInfinite(value)) {
            return "is not a finite number";
        }
        if (Math.abs(value) > Float.MAX_VALUE) {
            return "is beyond the range of float32 (±" + Float.MAX_VALUE + "), in which models compute by default, so it would be infinite";
        }
        if (value != 0 && (float) value == 0) {
            return "is 0 in float32, in which models compute by default";
        }
        return null;
    }
}
