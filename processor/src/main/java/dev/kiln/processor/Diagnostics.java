package dev.kiln.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reports messages from the catalog at the element, annotation and attribute that caused them, and
 * counts errors so the processor can keep going (all errors of a model in one compilation) yet
 * refuse to write a class for a model with errors. Warnings honour {@code @SuppressWarnings} keys
 * on the reported element and on the model class. The few errors that have a key (constant weights)
 * are suppressed only by the key on the reported element itself: a deliberate choice per layer,
 * never a blanket one on the class.
 *
 * <p>An element read from a class file (a layer of a superclass or block class compiled earlier)
 * has no source position. A message about one is reported where the model uses it instead: the
 * site's {@link Site#usedAt}, else the fallback of this reporter (a block field, see
 * {@link #usedAt}), else the model class; the message says which compiled class the element is in.
 */
public final class Diagnostics {
    /** What every view of one model's reporter shares. */
    private static final class State {
        final Messager messager;
        final Predicate<Element> hasSource;
        final Site model;
        final Set<List<Object>> reported = new HashSet<>();
        int errors;

        State(Messager messager, Predicate<Element> hasSource, Site model) {
            this.messager = messager;
            this.hasSource = hasSource;
            this.model = model;
        }
    }

    private final State state;
    /** Where messages about elements without source go when their site names no place of use; null for the model. */
    private final Site fallback;

    /** A reporter for elements that all have source positions. */
    public Diagnostics(Messager messager) {
        this(messager, element -> true, null);
    }

    /**
     * @param hasSource whether javac has a source position for an element
     * @param model     where messages about elements without source go when nothing closer uses them
     */
    public Diagnostics(Messager messager, Predicate<Element> hasSource, Site model) {
        this(new State(messager, hasSource, model), null);
    }

    private Diagnostics(State state, Site fallback) {
        this.state = state;
        this.fallback = fallback;
    }

    /**
     * Where a message points: an element, optionally one of its annotations and one attribute; and
     * where it points instead when the element has no source ({@code usedAt}, null for the default).
     */
    public record Site(Element element, AnnotationMirror annotation, AnnotationValue value, Site usedAt) {
        public Site(Element element, AnnotationMirror annotation, AnnotationValue value) {
            this(element, annotation, value, null);
        }

        public static Site of(Element element) {
            return new Site(element, null, null);
        }

        public Site withUsedAt(Site place) {
            return new Site(element, annotation, value, place);
        }
    }

    /** The same reporter, pointing messages about elements without source at {@code place} (a block field using a compiled block class). */
    public Diagnostics usedAt(Site place) {
        return new Diagnostics(state, place.usedAt() == null && fallback != null ? place.withUsedAt(fallback) : place);
    }

    public void report(Message message, Site site, String hint, Object... args) {
        report(message, null, site, hint, args);
    }

    /**
     * Reports a message unless {@code suppressionKey} is suppressed: for a warning on the site's
     * element or an enclosing one, for an error on the site's element only.
     */
    public void report(Message message, String suppressionKey, Site site, String hint, Object... args) {
        Site target = placeWithSource(site.usedAt() == null && fallback != null ? site.withUsedAt(fallback) : site);
        boolean moved = target.element() != site.element();
        if (suppressionKey != null) {
            // A class file keeps no @SuppressWarnings: for an element read from one, the key goes where it is used.
            boolean error = message.kind() == Diagnostic.Kind.ERROR;
            boolean suppressed = error
                    ? suppresses(site.element(), suppressionKey) || moved && suppresses(target.element(), suppressionKey)
                    : isSuppressed(site.element(), suppressionKey) || moved && isSuppressed(target.element(), suppressionKey);
            if (suppressed) {
                return;
            }
        }
        // A block declared once and repeated reports a problem with one of its layers once, not once per unit.
        if (!state.reported.add(List.of(message, site.element(), String.valueOf(site.annotation()), String.valueOf(site.value())))) {
            return;
        }
        if (message.kind() == Diagnostic.Kind.ERROR) {
            state.errors++;
        }
        String note = moved ? "declared in " + compiledClass(site.element()) + ", read from its class file" : null;
        String text = message.render(note, hint, args);
        if (target.value() != null) {
            state.messager.printMessage(message.kind(), text, target.element(), target.annotation(), target.value());
        } else if (target.annotation() != null) {
            state.messager.printMessage(message.kind(), text, target.element(), target.annotation());
        } else {
            state.messager.printMessage(message.kind(), text, target.element());
        }
    }

    /** The site itself when its element has source, else the first place of use that has. */
    private Site placeWithSource(Site site) {
        Site target = site;
        while (!state.hasSource.test(target.element())) {
            if (target.usedAt() != null) {
                target = target.usedAt();
            } else if (state.model != null && target != state.model) {
                target = state.model;
            } else {
                break;
            }
        }
        return target;
    }

    private static String compiledClass(Element element) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            if (e instanceof TypeElement type) {
                return type.getQualifiedName().toString();
            }
        }
        return element.toString();
    }

    public int errorCount() {
        return state.errors;
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
