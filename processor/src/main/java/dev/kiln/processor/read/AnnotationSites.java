package dev.kiln.processor.read;

import dev.kiln.processor.Diagnostics.Site;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import java.util.Map;
import java.util.Optional;

/** Finds annotation mirrors and attribute values on elements, to point diagnostics at them. */
public final class AnnotationSites {
    private AnnotationSites() {
    }

    public static Optional<AnnotationMirror> find(Element element, Class<?> annotationType) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotationType.getCanonicalName())) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /** True when the attribute is written in source rather than left at its default. */
    public static boolean isExplicit(AnnotationMirror mirror, String attribute) {
        return explicitValue(mirror, attribute) != null;
    }

    /** The site of an attribute: the attribute itself when written, else the whole annotation. */
    public static Site attribute(Element element, AnnotationMirror mirror, String attribute) {
        return new Site(element, mirror, explicitValue(mirror, attribute));
    }

    public static Site annotation(Element element, AnnotationMirror mirror) {
        return new Site(element, mirror, null);
    }

    private static AnnotationValue explicitValue(AnnotationMirror mirror, String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(attribute)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The nested annotation written for an attribute such as {@code weightInit = @Init(...)}, if any. */
    public static Optional<AnnotationMirror> nested(AnnotationMirror mirror, String attribute) {
        AnnotationValue value = explicitValue(mirror, attribute);
        return value != null && value.getValue() instanceof AnnotationMirror nested ? Optional.of(nested) : Optional.empty();
    }
}
