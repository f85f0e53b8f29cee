package dev.kiln.processor.check;

import dev.kiln.ir.ShapeInference;
import dev.kiln.ir.ShapeProblem;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.LayerSite;
import dev.kiln.processor.read.ReadModel;

/**
 * Step 2, check: shape inference over the graph (the same code the runtime runs), every problem
 * reported at the annotation that causes it; then, for a model whose shapes are sound, the lints
 * for known training pitfalls.
 */
public final class ModelChecker {
    private final Diagnostics diagnostics;

    public ModelChecker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** @return the inferred shapes when the whole model is sound, else null */
    public ShapeInference.Result check(ReadModel model) {
        if (model.layers().isEmpty()) {
            diagnostics.report(Message.NO_LAYERS, AnnotationSites.annotation(model.type(), model.modelAnnotation()),
                    "declare layers as annotated fields, e.g. @Dense(units = 10) Layer out;",
                    model.name());
            return null;
        }
        ShapeInference.Result shapes = ShapeInference.infer(model.graphOfValidPrefix());
        boolean complete = model.allValid();
        for (ShapeProblem problem : shapes.problems()) {
            switch (problem.kind()) {
                case MODEL_INPUT -> {
                    ShapeProblem.InputDetails input = (ShapeProblem.InputDetails) problem.details();
                    diagnostics.report(Message.INPUT_SHAPE, AnnotationSites.attribute(model.type(), model.modelAnnotation(), "input"),
                            problem.hint(), input.model(), input.declared(), input.reason());
                }
                case LAYER_INPUT -> {
                    LayerSite site = model.layers().get(problem.node().index());
                    Site at = problem.attribute() == null ? site.site() : site.attribute(problem.attribute());
                    diagnostics.report(Message.LAYER_INPUT, at, problem.hint(), problem.message(), model.name());
                }
                case LOSS_OUTPUT -> {
                    // With a layer missing from the graph, the "output" is not the model's output.
                    if (complete) {
                        ShapeProblem.LossDetails loss = (ShapeProblem.LossDetails) problem.details();
                        diagnostics.report(Message.LOSS_OUTPUT, AnnotationSites.attribute(model.type(), model.modelAnnotation(), "loss"),
                                problem.hint(), loss.loss(), loss.model(), loss.needs(), loss.layer(), loss.output());
                    }
                }
                case EMPTY_MODEL -> {
                    // Layers exist but the first one is invalid; it has been reported already.
                }
            }
        }
        if (!complete || !shapes.ok()) {
            return null;
        }
        new PitfallLints(diagnostics, model, shapes).run();
        return shapes;
    }
}
