package dev.kiln.processor.read;

import dev.kiln.ir.LayerSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.Optional;

/**
 * A layer as read from source: its IR spec (null when the annotation had errors, so later steps
 * skip it), the field and annotation it came from (where diagnostics point), and its source
 * location for comments in generated code.
 */
public record LayerSite(String name, VariableElement field, AnnotationMirror annotation, LayerSpec spec,
                        Optional<String> location) {

    public boolean isValid() {
        return spec != null;
    }
}
