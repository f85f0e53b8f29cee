package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Scheme;
import dev.kiln.dsl.Shortcut;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ActivationSpec;
import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ConcatSpec;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.Node;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.PoolSpec;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeException;
import dev.kiln.ir.ShapeInference;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.ir.Window;
import dev.kiln.ir.WindowedSpec;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns declarations into graph nodes, in an order the forward pass can run: a plain layer reads
 * the node before it; a residual unit is its branch, then its projection (if any), then the
 * addition; a dense unit is its branch, then the concatenation. Where the expansion depends on
 * shapes (a projection where the branch changes the shape, a transition's channel count), it uses
 * the shapes of what is placed so far, inferred node by node as each is placed (so expansion is
 * linear in the number of units); after an invalid layer nothing is inferred and shortcuts default
 * to the identity, since the error is reported already. A model whose blocks repeat into more
 * layers than a class can hold is refused first ({@link ExpansionLimit}).
 */
final class GraphExpander {
    /** What expansion produced: one site per graph node, in node order, and where each declaration's nodes lie. */
    record Expansion(List<LayerSite> sites, List<ModelPart> parts) {
    }

    private final ReadContext context;
    private final SourceLines sourceLines;
    private final Shape input;
    private final List<LayerSite> sites = new ArrayList<>();
    /** The output shape of each placed site, null where unknown; the same as shape inference over the valid prefix. */
    private final List<Shape> shapes = new ArrayList<>();
    private final List<ModelPart> parts = new ArrayList<>();
    private boolean invalidPlaced;
    private int residualUnitsSoFar;
    private int residualUnitsInModel;

    GraphExpander(ReadContext context, SourceLines sourceLines, Shape input) {
        this.context = context;
        this.sourceLines = sourceLines;
        this.input = input;
    }

    Expansion expand(List<Declaration> declarations) {
        Optional<Declaration.Stage> tooLarge = ExpansionLimit.check(declarations, context);
        residualUnitsInModel = declarations.stream()
                .mapToInt(d -> d instanceof Declaration.ResidualStage stage && tooLarge.orElse(null) != d ? stage.repeat() : 0).sum();
        for (Declaration declaration : declarations) {
            int first = sites.size();
            List<Integer> unitStarts = new ArrayList<>();
            ModelPart.Kind kind = ModelPart.Kind.LAYER;
            if (tooLarge.isPresent() && tooLarge.get() == declaration) {
                placeInvalid(declaration.name(), tooLarge.get().field(), tooLarge.get().annotation());
            } else if (declaration instanceof Declaration.Layer layer) {
                place(layer.site(), layer.site().name(), layer.site().spec(), List.of(last()));
            } else if (declaration instanceof Declaration.ResidualStage stage) {
                kind = ModelPart.Kind.RESIDUAL;
                expandResidual(stage, unitStarts);
            } else if (declaration instanceof Declaration.DenseStage stage) {
                kind = ModelPart.Kind.DENSE_BLOCK;
                expandDense(stage, unitStarts);
            } else if (declaration instanceof Declaration.Transition transition) {
                kind = ModelPart.Kind.TRANSITION;
                expandTransition(transition);
            } else if (declaration instanceof Declaration.Invalid invalid) {
                placeInvalid(invalid.name(), invalid.field(), invalid.annotation());
            }
            if (unitStarts.isEmpty()) {
                unitStarts.add(first);
            }
            LayerSite head = sites.get(first);
            parts.add(new ModelPart(declaration.name(), fieldOf(declaration, head), annotationOf(declaration, head), kind, first,
                    sites.size(), unitStarts));
        }
        return new Expansion(sites, parts);
    }

    private static VariableElement fieldOf(Declaration declaration, LayerSite head) {
        return declaration instanceof Declaration.Stage stage ? stage.field() : head.field();
    }

    private static AnnotationMirror annotationOf(Declaration declaration, LayerSite head) {
        return declaration instanceof Declaration.Stage stage ? stage.annotation() : head.annotation();
    }

    private void expandResidual(Declaration.ResidualStage stage, List<Integer> unitStarts) {
        for (int unit = 0; unit < stage.repeat(); unit++) {
            unitStarts.add(sites.size());
            residualUnitsSoFar++;
            int unitInput = last();
            String prefix = stage.name() + "_" + unit + "_";
            int stride = unit == 0 ? stage.stride() : 1;
            int branch = placeBranch(stage.block(), new Site(stage.field(), stage.annotation(), null), prefix, stage.width(), stride,
                    strideTarget(stage), unitInput);
            int shortcut = shortcut(stage, unit, prefix, unitInput, branch, stride);
            AddSpec add = new AddSpec(prefix + "add", stage.activation(), survival(stage));
            placeGenerated(stage.field(), stage.annotation(), add, List.of(shortcut, branch));
        }
    }

    private void expandDense(Declaration.DenseStage stage, List<Integer> unitStarts) {
        for (int unit = 0; unit < stage.repeat(); unit++) {
            unitStarts.add(sites.size());
            int unitInput = last();
            String prefix = stage.name() + "_" + unit + "_";
            int branch = placeBranch(stage.block(), new Site(stage.field(), stage.annotation(), null), prefix, stage.width(), 1, null,
                    unitInput);
            placeGenerated(stage.field(), stage.annotation(), new ConcatSpec(prefix + "concat"), List.of(unitInput, branch));
        }
    }

    private void expandTransition(Declaration.Transition transition) {
        Shape in = shapeOf(last());
        String name = transition.name();
        if (in == null || in.rank() != 3) {
            if (in != null) {
                context.diagnostics().report(Message.BLOCK, new Site(transition.field(), transition.annotation(), null),
                        "put the transition between dense blocks of [n,C,H,W] feature maps", name, context.modelName(),
                        "a transition needs input [n,C,H,W] but gets " + in);
            }
            placeInvalid(name, transition.field(), transition.annotation());
            return;
        }
        int channels = (int) Math.floor(transition.compression() * in.dim(0));
        VariableElement field = transition.field();
        AnnotationMirror annotation = transition.annotation();
        placeGenerated(field, annotation, defaultBatchNorm(name + "_norm"), List.of(last()));
        placeGenerated(field, annotation, new ActivationSpec(name + "_relu", ActivationFunction.of(Activation.RELU)), List.of(last()));
        placeGenerated(field, annotation, new ConvSpec(name + "_conv", Math.max(channels, 1), new Window(1, 1, 1, 1, 0, 0, 1, 1), 1, false,
                ActivationFunction.IDENTITY, InitSpec.of(Scheme.DEFAULT), InitSpec.of(Scheme.DEFAULT)), List.of(last()));
        placeGenerated(field, annotation, new PoolSpec(name + "_pool", PoolSpec.Kind.AVERAGE, Window.pooling(2, 2, 2, 2, 0, 0)),
                List.of(last()));
    }

    /** Places one unit's branch, used by the stage field at {@code stage}, reading {@code unitInput}; returns the index of its last layer. */
    private int placeBranch(List<LayerSite> block, Site stage, String prefix, int width, int stride, String strideTarget, int unitInput) {
        int previous = unitInput;
        for (LayerSite site : block) {
            LayerSpec spec = site.spec().renamed(prefix + site.name());
            if (spec instanceof WeightedSpec weighted && width > 1) {
                spec = weighted.widened(width);
            }
            if (stride > 1 && site.name().equals(strideTarget)) {
                spec = ((WindowedSpec) spec).strided(stride); // BlockReader checked that the target takes a stride
            }
            place(site.usedAt(stage), prefix + site.name(), spec, List.of(previous));
            previous = last();
        }
        return previous;
    }

    /**
     * The node the addition reads as its shortcut: the unit's input, or a projection placed now.
     * AUTO projects where the shapes differ; PROJECTION also in a stage's first unit.
     */
    private int shortcut(Declaration.ResidualStage stage, int unit, String prefix, int unitInput, int branch, int stride) {
        if (stage.shortcut() == Shortcut.IDENTITY) {
            return unitInput;
        }
        Shape in = shapeOf(unitInput);
        Shape out = shapeOf(branch);
        boolean forced = stage.shortcut() == Shortcut.PROJECTION && unit == 0;
        if (in == null || out == null || in.rank() != out.rank() || (!forced && in.equals(out))) {
            return unitInput;
        }
        InitSpec init = InitSpec.of(Scheme.DEFAULT);
        if (out.rank() == 1) {
            placeGenerated(stage.field(), stage.annotation(),
                    new DenseSpec(prefix + "projection", out.dim(0), false, ActivationFunction.IDENTITY, init, init), List.of(unitInput));
            return last();
        }
        if (out.rank() != 3) {
            return unitInput;
        }
        placeGenerated(stage.field(), stage.annotation(), new ConvSpec(prefix + "projection", out.dim(0),
                new Window(1, 1, stride, stride, 0, 0, 1, 1), 1, false, ActivationFunction.IDENTITY, init, init), List.of(unitInput));
        if (stage.projectionNorm()) {
            placeGenerated(stage.field(), stage.annotation(), defaultBatchNorm(prefix + "projectionNorm"), List.of(last()));
        }
        return last();
    }

    /** The unit's survival probability: constant, or linear in depth, {@code 1 - (l / L)(1 - p_L)}. */
    private double survival(Declaration.ResidualStage stage) {
        if (!stage.linearDecay()) {
            return stage.survival();
        }
        return 1 - (double) residualUnitsSoFar / residualUnitsInModel * (1 - stage.survival());
    }

    private static String strideTarget(Declaration.ResidualStage stage) {
        if (!stage.strideAt().isEmpty()) {
            return stage.strideAt();
        }
        return stage.block().stream().filter(site -> site.spec() instanceof ConvSpec).map(LayerSite::name).findFirst().orElse(null);
    }

    private static NormSpec defaultBatchNorm(String name) {
        AnnotationValues defaults = new AnnotationValues(BatchNorm.class, null);
        return NormSpec.batch(name, defaults.getDouble("eps"), defaults.getDouble("decay"), defaults.getBoolean("affine"));
    }

    private void place(LayerSite site, String name, LayerSpec spec, List<Integer> inputs) {
        add(site.placed(name, site.isValid() ? spec : null, inputs));
    }

    /** A layer the expansion adds (projection, addition, transition layers): it points at the declaring field. */
    private void placeGenerated(VariableElement field, AnnotationMirror annotation, LayerSpec spec, List<Integer> inputs) {
        add(new LayerSite(spec.name(), field, annotation, spec, sourceLines.locate(field), inputs, null));
    }

    /** A declaration whose errors are reported already: one invalid site reading the node before it. */
    private void placeInvalid(String name, VariableElement field, AnnotationMirror annotation) {
        add(new LayerSite(name, field, annotation, null, Optional.empty(), List.of(last()), null));
    }

    /** Places a site and infers its output shape from its inputs' (unknown after an invalid site, as for the valid prefix). */
    private void add(LayerSite site) {
        invalidPlaced |= !site.isValid();
        sites.add(site);
        shapes.add(invalidPlaced || !ShapeInference.acceptsInput(input) ? null : outputShape(site));
    }

    private Shape outputShape(LayerSite site) {
        List<Shape> in = new ArrayList<>(site.inputs().size());
        for (int source : site.inputs()) {
            Shape shape = shapeOf(source);
            if (shape == null) {
                return null;
            }
            in.add(shape);
        }
        try {
            return site.spec().outputShape(in);
        } catch (ShapeException e) {
            return null;
        }
    }

    /** The index of the last node placed, or the model input. */
    private int last() {
        return sites.size() - 1;
    }

    /** The inferred output shape of node {@code index} (the model input for -1), or null when unknown. */
    private Shape shapeOf(int index) {
        return index == Node.MODEL_INPUT ? input : shapes.get(index);
    }
}
