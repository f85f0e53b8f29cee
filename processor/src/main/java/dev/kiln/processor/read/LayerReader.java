package dev.kiln.processor.read;

import dev.kiln.ir.LayerSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/**
 * Reads one kind of layer annotation into its IR spec, reporting bad attribute values at the
 * attribute. Returns null when the annotation has errors.
 */
public interface LayerReader {

    Class<? extends Annotation> annotationType();

    LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context);
}
