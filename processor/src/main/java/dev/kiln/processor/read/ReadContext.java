package dev.kiln.processor.read;

import dev.kiln.processor.Diagnostics;

import javax.lang.model.element.AnnotationMirror;
import java.lang.annotation.Annotation;

/** What a layer reader needs besides the field: the model's name (for messages) and the reporter. */
public record ReadContext(String modelName, Diagnostics diagnostics) {

    /** Typed attribute values of an annotation on a layer field. */
    public AnnotationValues values(Class<? extends Annotation> type, AnnotationMirror mirror) {
        return new AnnotationValues(type, mirror);
    }
}
