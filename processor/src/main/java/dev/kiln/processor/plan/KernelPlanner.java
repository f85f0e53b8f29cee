package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ConcatSpec;
import dev.kiln.ir.JoinSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.SpecKinds;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.LayerSite;
import dev.kiln.processor.read.ReadModel;

import javax.lang.model.element.PackageElement;
import javax.lang.model.util.Elements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kiln.processor.plan.RuntimeTypes.LOSSES;

/**
 * Step 3, plan: picks each layer's kernels, lays out parameters, gradients and per-batch buffers,
 * and orders the statements of the inference pass, the training pass, the loss and the backward
 * pass. The model is a graph in node order; residual and dense units join two inputs. The
 * backward pass stops at the first layer with parameters: nothing before it needs a gradient.
 * Runs of convolution layers keep their arrays in the convolution layout chosen at run time
 * ({@link ConvolutionChains}), converted where they meet other layers ({@link LayoutConversions}).
 */
public final class KernelPlanner {
    private static final Map<Class<? extends JoinSpec>, JoinEmitter> JOIN_EMITTERS = Map.of(
            AddSpec.class, new AddEmitter(),
            ConcatSpec.class, new ConcatEmitter());

    private static final String FEATURES = "features";

    private final Diagnostics diagnostics;
    private final Elements elements;

    public KernelPlanner(Diagnostics diagnostics, Elements elements) {
        this.diagnostics = diagnostics;
        this.elements = elements;
    }

    /** @return the plan, or null after reporting layers whose generated names collide */
    public NetPlan plan(ReadModel model, ShapeInference.Result shapes) {
        ModelGraph graph = model.graph();
        ConvolutionChains chains = ConvolutionChains.of(graph, shapes);
        List<LayerContext> layers = contexts(model, graph, shapes, chains);
        boolean[] needsGradient = needsGradient(graph, layers);
        PlanBuilder plan = new PlanBuilder();
        plan.usesLayout = chains.any();
        for (LayerContext layer : layers) {
            plan.startLayer(layer);
            plan.atNode(layer.index());
            declare(layer, plan);
        }
        for (int i = 0; i < layers.size(); i++) {
            if (needsGradient[i]) {
                LayerContext layer = layers.get(i);
                plan.startLayer(layer);
                plan.buffer(layer.member("Grad"), layer.output(), "dL/d(" + layer.name() + " output)");
                if (graph.consumers(i).size() > 1) {
                    plan.buffer(layer.member("GradPart"), layer.output(),
                            "one reader's share of dL/d(" + layer.name() + " output), added to the others'");
                }
            }
        }
        if (reportCollisions(model, plan)) {
            return null;
        }
        StochasticDepthBranches branches = new StochasticDepthBranches(graph, layers);
        LayoutConversions conversions = new LayoutConversions(graph, layers);

        List<String> inferenceOutputs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            plan.atNode(i);
            inferenceOutputs.add(inference(layers.get(i), plan, inputsOf(graph.nodes().get(i), inferenceOutputs, conversions)));
            conversions.afterForward(i, inferenceOutputs.get(i), plan, plan::inference);
        }
        List<String> trainingOutputs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            plan.atNode(i);
            branches.beforeTraining(i, plan);
            trainingOutputs.add(training(layers.get(i), plan, inputsOf(graph.nodes().get(i), trainingOutputs, conversions)));
            conversions.afterForward(i, trainingOutputs.get(i), plan, plan::training);
            branches.afterTraining(i, plan);
        }
        String output = inferenceOutputs.get(layers.size() - 1);
        String current = trainingOutputs.get(layers.size() - 1);
        LayerContext last = layers.get(layers.size() - 1);
        NetPlan.Step loss = lossStep(graph, current, needsGradient[layers.size() - 1] ? gradOf(last) : null);
        backward(graph, layers, needsGradient, trainingOutputs, branches, conversions, plan);
        PackageElement pkg = elements.getPackageOf(model.type());
        NetPlan whole = new NetPlan(pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString(), Names.nestedName(model.type()),
                Names.netClass(model.type()), model.location().orElse(model.name() + ".java"), graph(model, graph, layers), plan.specs,
                plan.parameters, plan.states, plan.records, plan.setup, plan.snapshotSetup, plan.buffers, plan.inference, plan.snapshotInference,
                plan.training, loss, plan.backward, output, current, plan.usesRandomness, model.training(), plan.weightLayers, plan.flags,
                plan.usesLayout, List.of(), List.of(), List.of());
        NodeCosts costs = NodeCosts.of(whole, layers.size());
        NetPlan sectioned = whole.withSections(Sectioning.of(model, graph, costs));
        if (ClassBudget.reportOverflow(sectioned, model, costs, diagnostics)) {
            return null;
        }
        List<NetPlan.Block> blocks = BlockTemplates.of(model, sectioned);
        return sectioned.withBlocks(blocks, BlockTemplates.ofSnapshot(model, sectioned, blocks));
    }

    /**
     * The backward pass, last node to first. A node's gradient is complete when its turn comes,
     * since every reader comes after it. The first reader (in this reverse order) to pass a
     * gradient to a node writes its gradient buffer; later ones write their share into the node's
     * GradPart buffer and add it.
     */
    private static void backward(ModelGraph graph, List<LayerContext> layers, boolean[] needsGradient, List<String> trainingOutputs,
                                 StochasticDepthBranches branches, LayoutConversions conversions, PlanBuilder plan) {
        boolean[] written = new boolean[layers.size()];
        for (int i = layers.size() - 1; i >= 0; i--) {
            plan.atNode(i);
            branches.beforeBackward(i, plan);
            if (needsGradient[i]) {
                backwardOf(graph, layers, i, needsGradient, written, trainingOutputs, branches, conversions, plan);
            }
            branches.afterBackward(i, plan);
        }
    }

    private static void backwardOf(ModelGraph graph, List<LayerContext> layers, int i, boolean[] needsGradient, boolean[] written,
                                   List<String> trainingOutputs, StochasticDepthBranches branches, LayoutConversions conversions,
                                   PlanBuilder plan) {
        Node node = graph.nodes().get(i);
        List<String> targets = new ArrayList<>();
        List<Integer> shared = new ArrayList<>();
        for (int source : node.inputs()) {
            if (source == Node.MODEL_INPUT || !needsGradient[source]) {
                targets.add(null);
            } else if (!written[source]) {
                if (branches.gatesAwayFrom(i, source)) {
                    throw new IllegalStateException("layer " + layers.get(i).name() + " would be the first to write the gradient of "
                            + layers.get(source).name() + " inside a stochastic depth branch");
                }
                written[source] = true;
                targets.add(gradOf(layers.get(source)));
            } else {
                targets.add(shareOf(layers.get(source)));
                shared.add(source);
            }
        }
        List<String> gradIns = new ArrayList<>();
        for (int k = 0; k < targets.size(); k++) {
            gradIns.add(targets.get(k) == null ? null : conversions.gradientTarget(node.inputs().get(k), i, targets.get(k), plan));
        }
        LayerContext layer = layers.get(i);
        plan.startLayer(layer);
        if (layer.spec() instanceof JoinSpec) {
            JOIN_EMITTERS.get(layer.spec().getClass()).backward(layer, plan, trainingOutputs.get(i), gradOf(layer), gradIns);
        } else {
            int source = node.inputs().get(0);
            String input = conversions.input(source, i, source == Node.MODEL_INPUT ? FEATURES : trainingOutputs.get(source));
            emitter(layer).backward(layer, plan, input, trainingOutputs.get(i), gradOf(layer), gradIns.get(0));
        }
        for (int k = 0; k < targets.size(); k++) {
            if (targets.get(k) != null) {
                conversions.afterBackward(node.inputs().get(k), i, targets.get(k), plan);
            }
        }
        for (int index : shared) {
            LayerContext source = layers.get(index);
            plan.backward(layer.name() + ": add its share of dL/d(" + source.name() + " output), which other layers read too",
                    CodeBlock.builder().addStatement("$L.addi($L)", gradOf(source), shareOf(source)).build());
        }
    }

    /**
     * Which nodes need dL/d(output): those with parameters and everything downstream of them.
     * Nothing upstream of the first parameter needs a gradient, so the backward pass stops there.
     */
    private static boolean[] needsGradient(ModelGraph graph, List<LayerContext> layers) {
        boolean[] needs = new boolean[layers.size()];
        for (Node node : graph.nodes()) {
            LayerContext layer = layers.get(node.index());
            needs[node.index()] = layer.spec().parameterCount(layer.input()) > 0
                    || node.inputs().stream().anyMatch(source -> source != Node.MODEL_INPUT && needs[source]);
        }
        return needs;
    }

    /** What {@code node} reads: its sources' outputs, converted where a convolution chain starts or ends. */
    private static List<String> inputsOf(Node node, List<String> outputs, LayoutConversions conversions) {
        List<String> inputs = new ArrayList<>();
        for (int source : node.inputs()) {
            inputs.add(conversions.input(source, node.index(), source == Node.MODEL_INPUT ? FEATURES : outputs.get(source)));
        }
        return inputs;
    }

    private static void declare(LayerContext layer, PlanBuilder plan) {
        if (layer.spec() instanceof JoinSpec) {
            JOIN_EMITTERS.get(layer.spec().getClass()).declare(layer, plan);
        } else {
            emitter(layer).declare(layer, plan);
        }
    }

    private static String inference(LayerContext layer, PlanBuilder plan, List<String> inputs) {
        return layer.spec() instanceof JoinSpec
                ? JOIN_EMITTERS.get(layer.spec().getClass()).inference(layer, plan, inputs)
                : emitter(layer).inference(layer, plan, inputs.get(0));
    }

    private static String training(LayerContext layer, PlanBuilder plan, List<String> inputs) {
        return layer.spec() instanceof JoinSpec
                ? JOIN_EMITTERS.get(layer.spec().getClass()).training(layer, plan, inputs)
                : emitter(layer).training(layer, plan, inputs.get(0));
    }

    private static List<LayerContext> contexts(ReadModel model, ModelGraph graph, ShapeInference.Result shapes, ConvolutionChains chains) {
        List<LayerContext> contexts = new ArrayList<>();
        for (Node node : graph.nodes()) {
            LayerSite site = model.layers().get(node.index());
            Shape in = shapes.inputOf(node);
            String header = node.name() + ": " + node.layer().describe(in) + site.location().map(l -> " (" + l + ")").orElse("");
            int source = node.inputs().get(0);
            LayerContext previous = source == Node.MODEL_INPUT ? null : contexts.get(source);
            int norm = SpecKinds.batchNormFedBy(graph, node.index());
            // The snapshot's folded layer writes the batch norm's output buffer, so both must be in the same layout.
            boolean folds = norm >= 0 && chains.inLayout(norm) == chains.inLayout(node.index());
            contexts.add(new LayerContext(node.index(), node.layer(), in, shapes.outputOf(node), Names.constant(node.name()), header,
                    previous, folds ? (NormSpec) graph.nodes().get(norm).layer() : null, chains.inLayout(node.index())));
        }
        return contexts;
    }

    private static LayerEmitter emitter(LayerContext layer) {
        return LayerKinds.of(layer.spec());
    }

    private static String shareOf(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("GradPart");
    }

    private static String gradOf(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("Grad");
    }

    private static NetPlan.Step lossStep(ModelGraph graph, String output, String gradient) {
        CodeBlock code = gradient == null
                ? CodeBlock.builder().addStatement("double loss = $T.loss(GRAPH.loss(), $L, targets)", LOSSES, output).build()
                : CodeBlock.builder().addStatement("double loss = $T.lossAndGradient(GRAPH.loss(), $L, targets, $L)", LOSSES, output,
                        gradient).build();
        return new NetPlan.Step("loss: " + graph.loss().description() + ", batch mean", code);
    }

    /** The GRAPH constant: the model's name, input and loss, each layer's spec and, where it does not read the layer before it, the layers it reads. */
    private static NetPlan.Graph graph(ReadModel model, ModelGraph graph, List<LayerContext> layers) {
        List<NetPlan.GraphNode> nodes = new ArrayList<>();
        for (Node node : graph.nodes()) {
            List<String> inputs = new ArrayList<>();
            if (!node.inputs().equals(List.of(node.index() - 1))) {
                for (int source : node.inputs()) {
                    inputs.add(source == Node.MODEL_INPUT ? ModelGraph.Builder.INPUT : graph.nodes().get(source).name());
                }
            }
            nodes.add(new NetPlan.GraphNode(node.index(), layers.get(node.index()).specConstant(), inputs));
        }
        CodeBlock arguments = CodeBlock.of("$S, $T.of($L), $T.$L", model.name(), Shape.class, dims(model.input()),
                dev.kiln.dsl.Loss.class, model.loss());
        return new NetPlan.Graph(arguments, nodes);
    }

    private static String dims(Shape shape) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shape.rank(); i++) {
            text.append(i == 0 ? "" : ", ").append(shape.dim(i));
        }
        return text.toString();
    }

    private boolean reportCollisions(ReadModel model, PlanBuilder plan) {
        for (String[] collision : plan.collisions()) {
            LayerSite site = model.layers().stream().filter(l -> l.name().equals(collision[2])).findFirst().orElseThrow();
            diagnostics.report(Message.DUPLICATE_LAYER, site.site(),
                    "rename the layer; generated code names its members after it",
                    model.name(), collision[2], "its generated member '" + collision[0] + "' is already taken by " + quoted(collision[1]));
        }
        return !plan.collisions().isEmpty();
    }

    private static String quoted(String owner) {
        return owner.startsWith("the ") ? owner : "layer '" + owner + "'";
    }
}
