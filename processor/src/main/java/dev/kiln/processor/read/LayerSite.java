package dev.kiln.processor.read;

import dev.kiln.ir.LayerSpec;
import dev.kiln.processor.Diagnostics.Site;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;
import java.util.Optional;

/**
 * A layer as read from source: its IR spec (null when the annotation had errors, so later steps
 * skip it), the field and annotation it came from (where diagnostics point; for a layer of a
 * repeated block, the block class's field), its source location for comments in generated code,
 * the indices of the layers it reads ({@code -1} for the model input), and, for a layer of a
 * block, the block field that uses it ({@code usedAt}: where messages go when the block class was
 * read from a class file; null otherwise).
 */
public record LayerSite(String name, VariableElement field, AnnotationMirror annotation, LayerSpec spec,
                        Optional<String> location, List<Integer> inputs, Site usedAt) {

    public LayerSite {
        inputs = List.copyOf(inputs);
    }

    /** A layer as read from its field, not yet placed in the graph. */
    public LayerSite(String name, VariableElement field, AnnotationMirror annotation, LayerSpec spec, Optional<String> location) {
        this(name, field, annotation, spec, location, List.of(), null);
    }

    public boolean isValid() {
        return spec != null;
    }

    public LayerSite withSpec(LayerSpec newSpec) {
        return new LayerSite(name, field, annotation, newSpec, location, inputs, usedAt);
    }

    /** The layer placed in the graph under {@code newName}, reading {@code newInputs}. */
    public LayerSite placed(String newName, LayerSpec newSpec, List<Integer> newInputs) {
        return new LayerSite(newName, field, annotation, newSpec, location, newInputs, usedAt);
    }

    /** The same layer as used by the block field {@code place}. */
    public LayerSite usedAt(Site place) {
        return new LayerSite(name, field, annotation, spec, location, inputs, place);
    }

    /** Where messages about the layer as a whole point: its annotation. */
    public Site site() {
        return new Site(field, annotation, null, usedAt);
    }

    /** Where messages about one attribute point: the attribute when written, else the annotation. */
    public Site attribute(String attribute) {
        return AnnotationSites.attribute(field, annotation, attribute).withUsedAt(usedAt);
    }
}
