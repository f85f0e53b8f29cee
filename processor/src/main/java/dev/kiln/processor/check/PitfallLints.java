package dev.kiln.processor.check;

import dev.kiln.dsl.Lints;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ActivationSpec;
import dev.kiln.ir.AddSpec;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.FollowingActivation;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.ir.ShapeInference;
import dev.kiln.ir.SpecKinds;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.LayerSite;
import dev.kiln.processor.read.ReadModel;

import java.util.List;

/**
 * Warnings for known training pitfalls (reference section 14), each suppressible on the field with
 * the key in {@link Lints}. The initializer checks are {@link InitLints}.
 */
final class PitfallLints {
    /** Reference section 14: sigmoid/tanh stacks of this many hidden layers get the saturation warning. */
    static final int DEEP_STACK = 5;

    private final Diagnostics diagnostics;
    private final ReadModel model;
    private final ShapeInference.Result shapes;
    private final List<LayerSpec> specs;
    private final ModelGraph graph;

    PitfallLints(Diagnostics diagnostics, ReadModel model, ShapeInference.Result shapes) {
        this.diagnostics = diagnostics;
        this.model = model;
        this.shapes = shapes;
        this.specs = model.layers().stream().map(LayerSite::spec).toList();
        this.graph = model.graph();
    }

    void run() {
        List<Integer> dense = SpecKinds.indicesOf(specs, DenseSpec.class);
        List<Integer> weighted = SpecKinds.indicesOf(specs, WeightedSpec.class);
        InitLints inits = new InitLints(diagnostics, model, shapes);
        for (int i : weighted) {
            inits.check(i, weighted.get(weighted.size() - 1) == i);
        }
        checkLinearCollapse(dense);
        checkDeepSaturating(dense);
        checkLogitsActivation();
    }

    /**
     * KILN-W012: the output goes through an activation (of the last weighted layer, a standalone
     * activation layer or a residual add) before a loss that works on logits. Layers that keep
     * what the activation did (dropout, pooling, flatten, reshape) are looked through.
     */
    private void checkLogitsActivation() {
        String logitFunction = model.loss().logitFunction();
        if (logitFunction == null) {
            return;
        }
        int current = graph.nodes().size() - 1;
        while (specs.get(current).keepsActivation()) {
            current = graph.nodes().get(current).inputs().get(0);
            if (current == Node.MODEL_INPUT) {
                return;
            }
        }
        LayerSpec layer = specs.get(current);
        ActivationFunction activation;
        String attribute;
        if (layer instanceof ActivationSpec standalone) {
            activation = standalone.activation();
            attribute = "value";
        } else if (layer instanceof WeightedSpec weighted) {
            activation = weighted.activation();
            attribute = "activation";
        } else if (layer instanceof AddSpec add) {
            activation = add.activation();
            attribute = "activation";
        } else {
            return;
        }
        if (activation.isIdentity()) {
            return;
        }
        LayerSite site = model.layers().get(current);
        diagnostics.report(Message.LOGITS_ACTIVATION, Lints.LOGITS_ACTIVATION, site.attribute(attribute),
                "make the output layer linear (identity) and apply " + logitFunction + " to forward's output where probabilities "
                        + "are wanted; suppress with @SuppressWarnings(Lints.LOGITS_ACTIVATION)",
                layer.name(), model.name(), activation, model.loss(), logitFunction);
    }

    private void checkLinearCollapse(List<Integer> dense) {
        for (int first : dense) {
            int second = nextDenseReached(first);
            if (second >= 0 && FollowingActivation.of(graph, first).isIdentity()) {
                LayerSite site = model.layers().get(first);
                Node secondNode = model.graph().nodes().get(second);
                String map = shapes.inputOf(model.graph().nodes().get(first)) + " -> " + shapes.outputOf(secondNode);
                diagnostics.report(Message.LINEAR_COLLAPSE, Lints.LINEAR_COLLAPSE,
                        site.attribute("activation"),
                        "give '" + site.name() + "' an activation, e.g. activation = Activation.RELU; if the factorization is intended, "
                                + "suppress with @SuppressWarnings(Lints.LINEAR_COLLAPSE)",
                        site.name(), model.layers().get(second).name(), model.name(), map);
            }
        }
    }

    /**
     * The Dense layer that node {@code first}'s output reaches through nothing but dropout and
     * normalization, each read by one layer only; or -1.
     */
    private int nextDenseReached(int first) {
        int current = first;
        while (true) {
            List<Integer> readers = graph.consumers(current);
            if (readers.size() != 1) {
                return -1;
            }
            current = readers.get(0);
            LayerSpec next = specs.get(current);
            if (next instanceof DenseSpec) {
                return current;
            }
            if (!next.keepsLinearity()) {
                return -1;
            }
        }
    }

    private void checkDeepSaturating(List<Integer> dense) {
        // Hidden layers are all Dense layers but the last; a model may have none at all (convolutional, parameter-free).
        if (dense.size() - 1 < DEEP_STACK) {
            return;
        }
        List<Integer> hidden = dense.subList(0, dense.size() - 1);
        List<Integer> saturating = hidden.stream().filter(i -> FollowingActivation.of(graph, i).kind().isSaturating()).toList();
        for (int index : saturating) {
            LayerSite site = model.layers().get(index);
            diagnostics.report(Message.DEEP_SATURATING, Lints.DEEP_SATURATING,
                    site.attribute("activation"),
                    "use RELU or GELU (Kiln then picks Kaiming init), or suppress with @SuppressWarnings(Lints.DEEP_SATURATING)",
                    site.name(), model.name(), FollowingActivation.of(graph, index), hidden.size(), saturating.size());
        }
    }
}
