package dev.kiln.processor.read;

import dev.kiln.processor.Diagnostics;

import javax.lang.model.element.AnnotationMirror;
import java.lang.annotation.Annotation;

/** What a layer reader needs besides the field: the model's name (for messages) and the reporter. */
public record ReadContext(String modelName, Diagnostics diagnostics) {

    /** The same context, reporting problems of elements without source at {@code place} (see {@link Diagnostics#usedAt}). */
    public ReadContext usedAt(Diagnostics.Site place) {
        return new ReadContext(modelName, diagnostics.usedAt(place));
    }

    /** Typed attribute values of an annotation on a layer field. */
    public AnnotationValues values(Class<? extends Annotation> type, AnnotationMirror mirror) {
        return new AnnotationValues(type, mirror);
    }
}
