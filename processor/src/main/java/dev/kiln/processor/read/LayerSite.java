package dev.kiln.processor.read;

import dev.kiln.ir.LayerSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;
import java.util.Optional;

/**
 * A layer as read from source: its IR spec (null when the annotation had errors, so later steps
 * skip it), the field and annotation it came from (where diagnostics point; for a layer of a
 * repeated block, the block class's field), its source location for comments in generated code,
 * and the indices of the layers it reads ({@code -1} for the model input).
 */
public record LayerSite(String name, VariableElement field, AnnotationMirror annotation, LayerSpec spec,
                        Optional<String> location, List<Integer> inputs) {

    public LayerSite {
        inputs = List.copyOf(inputs);
    }

    /** A layer as read from its field, not yet placed in the graph. */
    public LayerSite(String name, VariableElement field, AnnotationMirror annotation, LayerSpec spec, Optional<String> location) {
        this(name, field, annotation, spec, location, List.of());
    }

    public boolean isValid() {
        return spec != null;
    }

    public LayerSite withSpec(LayerSpec newSpec) {
        return new LayerSite(name, field, annotation, newSpec, location, inputs);
    }

    /** The layer placed in the graph under {@code newName}, reading {@code newInputs}. */
    public LayerSite placed(String newName, LayerSpec newSpec, List<Integer> newInputs) {
        return new LayerSite(newName, field, annotation, newSpec, location, newInputs);
    }
}
