package dev.kiln.processor.read;

import dev.kiln.dsl.Loss;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Shape;
import dev.kiln.ir.TrainingSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import java.util.List;
import java.util.Optional;

/** The result of reading one {@code @Model} class: the IR pieces and where each came from. */
public record ReadModel(TypeElement type, AnnotationMirror modelAnnotation, Shape input, Loss loss,
                        List<LayerSite> layers, TrainingSpec training, Optional<String> location) {

    public String name() {
        return type.getSimpleName().toString();
    }

    /** True when every layer annotation and the training options were valid, so the whole model can be built. */
    public boolean allValid() {
        return training != null && layers.stream().allMatch(LayerSite::isValid);
    }

    /**
     * The graph of the valid prefix of layers: shape inference runs as far as it can, so errors
     * further down are still found without cascading from a layer that is already reported.
     */
    public ModelGraph graphOfValidPrefix() {
        List<LayerSpec> specs = layers.stream().takeWhile(LayerSite::isValid).map(LayerSite::spec).toList();
        return ModelGraph.chain(name(), input, loss, specs);
    }

    public ModelGraph graph() {
        return ModelGraph.chain(name(), input, loss, layers.stream().map(LayerSite::spec).toList());
    }
}
