package dev.kiln.processor.read;

import dev.kiln.ir.LayerSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/**
 * Reads one layer annotation into its IR spec, reporting bad attribute values at the attribute.
 * Returns null when the annotation has errors. The layer kinds of the plan step supply them (each
 * kind reads its own annotations); {@link ModelReader} only finds which one a field carries.
 */
public interface LayerReader {

    Class<? extends Annotation> annotationType();

    LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context);

    /** The function that reads one layer annotation. */
    @FunctionalInterface
    interface Reading {
        LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context);
    }

    /** The reader of {@code annotationType} that {@code reading} implements. */
    static LayerReader of(Class<? extends Annotation> annotationType, Reading reading) {
        return new LayerReader() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return annotationType;
            }

            @Override
            public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
                return reading.read(field, mirror, context);
            }
        };
    }
}
