package dev.kiln.processor.read;

import dev.kiln.dsl.Loss;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.ir.Shape;
import dev.kiln.ir.TrainingSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The result of reading one {@code @Model} class: the IR pieces and where each came from. Blocks
 * are already expanded: {@code layers} holds one site per graph node, in node order, each with
 * the indices of the nodes it reads; {@code parts} says which declaration placed which nodes.
 */
public record ReadModel(TypeElement type, AnnotationMirror modelAnnotation, Shape input, Loss loss,
                        List<LayerSite> layers, List<ModelPart> parts, TrainingSpec training, Optional<String> location) {

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
        return graph(name(), input, loss, layers.stream().takeWhile(LayerSite::isValid).toList());
    }

    public ModelGraph graph() {
        return graph(name(), input, loss, layers);
    }

    /** The graph of placed, valid sites. */
    static ModelGraph graph(String name, Shape input, Loss loss, List<LayerSite> sites) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            nodes.add(new Node(i, sites.get(i).spec(), sites.get(i).inputs()));
        }
        return ModelGraph.of(name, input, loss, nodes);
    }
}
