package dev.kiln.processor.check;

import dev.kiln.dsl.Lints;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.FollowingActivation;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.Node;
import dev.kiln.ir.ShapeInference;
import dev.kiln.ir.SpecKinds;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.AnnotationSites;
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

    PitfallLints(Diagnostics diagnostics, ReadModel model, ShapeInference.Result shapes) {
        this.diagnostics = diagnostics;
        this.model = model;
        this.shapes = shapes;
        this.specs = model.layers().stream().map(LayerSite::spec).toList();
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
    }

    private void checkLinearCollapse(List<Integer> dense) {
        for (int k = 0; k + 1 < dense.size(); k++) {
            int first = dense.get(k);
            int second = dense.get(k + 1);
            if (FollowingActivation.of(specs, first).isIdentity()) {
                LayerSite site = model.layers().get(first);
                Node secondNode = model.graph().nodes().get(second);
                String map = shapes.inputOf(model.graph().nodes().get(first)) + " -> " + shapes.outputOf(secondNode);
                diagnostics.report(Message.LINEAR_COLLAPSE, Lints.LINEAR_COLLAPSE,
                        AnnotationSites.attribute(site.field(), site.annotation(), "activation"),
                        "give '" + site.name() + "' an activation, e.g. activation = Activation.RELU; if the factorization is intended, "
                                + "suppress with @SuppressWarnings(Lints.LINEAR_COLLAPSE)",
                        site.name(), model.layers().get(second).name(), model.name(), map);
            }
        }
    }

    private void checkDeepSaturating(List<Integer> dense) {
        List<Integer> hidden = dense.subList(0, dense.size() - 1);
        if (hidden.size() < DEEP_STACK) {
            return;
        }
        List<Integer> saturating = hidden.stream().filter(i -> FollowingActivation.of(specs, i).kind().isSaturating()).toList();
        for (int index : saturating) {
            LayerSite site = model.layers().get(index);
            diagnostics.report(Message.DEEP_SATURATING, Lints.DEEP_SATURATING,
                    AnnotationSites.attribute(site.field(), site.annotation(), "activation"),
                    "use RELU or GELU (Kiln then picks Kaiming init), or suppress with @SuppressWarnings(Lints.DEEP_SATURATING)",
                    site.name(), model.name(), FollowingActivation.of(specs, index), hidden.size(), saturating.size());
        }
    }
}
