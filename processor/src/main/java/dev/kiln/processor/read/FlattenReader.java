package dev.kiln.processor.read;

import dev.kiln.dsl.Flatten;
import dev.kiln.ir.FlattenSpec;
import dev.kiln.ir.LayerSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/** Reads {@code @Flatten}, which has no attributes. */
final class FlattenReader implements LayerReader {

    @Override
    public Class<? extends Annotation> annotationType() {
        return Flatten.class;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        return new FlattenSpec(field.getSimpleName().toString());
    }
}
