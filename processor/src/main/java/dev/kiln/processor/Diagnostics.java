package dev.kiln.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reports messages from the catalog at the element, annotation and attribute that caused them, and
 * counts errors so the processor can keep going (all errors of a model in one compilation) yet
 * refuse to write a class for a model with errors. Warnings honour {@code @SuppressWarnings} keys
 * on the reported element and on the model class. The few errors that have a key (constant weights)
 * are suppressed only by the key on the reported element itself: a deliberate choice per layer,
 * never a blanket one on the class.
 */
public final class Diagnostics {
    private final Messager messager;
    private int errors;

    private final Set<List<Object>> reported = new HashSet<>();

    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    /** Where a message points: an element, optionally one of its annotations and one attribute. */
    public record Site(Element element, AnnotationMirror annotation, AnnotationValue value) {
        public static Site of(Element element) {
            return new Site(element, null, null);
        }
    }

    public void report(Message message, Site site, String hint, Object... args) {
        report(message, null, site, hint, args);
    }

    /**
     * Reports a message unless {@code suppressionKey} is suppressed: for a warning on the site's
     * element or an enclosing one, for an error on the site's element only.
     */
    public void report(Message message, String suppressionKey, Site site, String hint, Object... args) {
        if (suppressionKey != null) {
            boolean error = message.kind() == Diagnostic.Kind.ERROR;
            if (error ? suppresses(site.element(), suppressionKey) : isSuppressed(site.element(), suppressionKey)) {
                return;
            }
        }
        // A block declared once and repeated reports a problem with one of its layers once, not once per unit.
        if (!reported.add(List.of(message, site.element(), String.valueOf(site.annotation()), String.valueOf(site.value())))) {
            return;
        }
        if (message.kind() == Diagnostic.Kind.ERROR) {
            errors++;
        }
        String text = message.render(hint, args);
        if (site.value() != null) {
            messager.printMessage(message.kind(), text, site.element(), site.annotation(), site.value());
        } else if (site.annotation() != null) {
            messager.printMessage(message.kind(), text, site.element(), site.annotation());
        } else {
            messager.printMessage(message.kind(), text, site.element());
        }
    }

    public int errorCount() {
        return errors;
    }

    /** True when {@code key} is in a {@code @SuppressWarnings} on the element or an enclosing one. */
    public static boolean isSuppressed(Element element, String key) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            if (suppresses(e, key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean suppresses(Element element, String key) {
        SuppressWarnings suppress = element.getAnnotation(SuppressWarnings.class);
        return suppress != null && Arrays.asList(suppress.value()).contains(key);
    }
}
