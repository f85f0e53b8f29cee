package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.ActivationSpec;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.DropoutSpec;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.FlattenSpec;
import dev.kiln.ir.PoolSpec;
import dev.kiln.ir.ReshapeSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.SpecKinds;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Diagnostics.Site;
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
 * pass. The backward pass stops at the first layer with parameters: nothing before it needs a
 * gradient.
 */
public final class KernelPlanner {
    private static final Map<Class<? extends LayerSpec>, LayerEmitter> EMITTERS = Map.of(
            DenseSpec.class, new DenseEmitter(),
            ActivationSpec.class, new ActivationEmitter(),
            DropoutSpec.class, new DropoutEmitter(),
            NormSpec.class, new NormEmitter(),
            FlattenSpec.class, new ReshapeEmitter(),
            ReshapeSpec.class, new ReshapeEmitter(),
            ConvSpec.class, new ConvEmitter(),
            PoolSpec.class, new PoolEmitter());

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
        List<LayerContext> layers = contexts(model, shapes);
        PlanBuilder plan = new PlanBuilder();
        for (LayerContext layer : layers) {
            plan.startLayer(layer.name());
            emitter(layer).declare(layer, plan);
        }
        int firstTrainable = firstTrainableLayer(layers);
        for (int i = Math.max(firstTrainable, 0); firstTrainable >= 0 && i < layers.size(); i++) {
            LayerContext layer = layers.get(i);
            plan.startLayer(layer.name());
            plan.buffer(layer.member("Grad"), layer.output(), "dL/d(" + layer.name() + " output)");
        }
        if (reportCollisions(model, plan)) {
            return null;
        }

        String output = FEATURES;
        for (LayerContext layer : layers) {
            output = emitter(layer).inference(layer, plan, output);
        }
        List<String> trainingInputs = new ArrayList<>();
        List<String> trainingOutputs = new ArrayList<>();
        String current = FEATURES;
        for (LayerContext layer : layers) {
            trainingInputs.add(current);
            current = emitter(layer).training(layer, plan, current);
            trainingOutputs.add(current);
        }
        LayerContext last = layers.get(layers.size() - 1);
        NetPlan.Step loss = lossStep(graph, current, firstTrainable >= 0 ? gradOf(last) : null);
        for (int i = layers.size() - 1; firstTrainable >= 0 && i >= firstTrainable; i--) {
            LayerContext layer = layers.get(i);
            String gradIn = i > firstTrainable ? gradOf(layers.get(i - 1)) : null;
            emitter(layer).backward(layer, plan, trainingInputs.get(i), trainingOutputs.get(i), gradOf(layer), gradIn);
        }
        PackageElement pkg = elements.getPackageOf(model.type());
        return new NetPlan(pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString(), model.name(), model.name() + "Net",
                model.location().orElse(model.name() + ".java"), graphLiteral(model, layers), plan.specs, plan.parameters,
                plan.states, plan.setup, plan.folding, plan.buffers, plan.inference, plan.training, loss, plan.backward, output, current, plan.usesRandomness,
                model.training(), plan.weightLayers);
    }

    private static List<LayerContext> contexts(ReadModel model, ShapeInference.Result shapes) {
        List<LayerContext> contexts = new ArrayList<>();
        List<LayerSpec> specs = model.graph().layers();
        LayerContext previous = null;
        for (Node node : model.graph().nodes()) {
            LayerSite site = model.layers().get(node.index());
            Shape in = shapes.inputOf(node);
            String header = node.name() + ": " + node.layer().describe(in) + site.location().map(l -> " (" + l + ")").orElse("");
            previous = new LayerContext(node.layer(), in, shapes.outputOf(node), Names.constant(node.name()), header,
                    previous, SpecKinds.feedsBatchNorm(specs, node.index()) ? (NormSpec) specs.get(node.index() + 1) : null);
            contexts.add(previous);
        }
        return contexts;
    }

    /** Index of the first layer with parameters, or -1 when the model has none. */
    private static int firstTrainableLayer(List<LayerContext> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).spec().parameterCount(layers.get(i).input()) > 0) {
                return i;
            }
        }
        return -1;
    }

    private static LayerEmitter emitter(LayerContext layer) {
        return EMITTERS.get(layer.spec().getClass());
    }

    private static String gradOf(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Grad");
    }

    private static NetPlan.Step lossStep(ModelGraph graph, String output, String gradient) {
        CodeBlock code = gradient == null
                ? CodeBlock.builder().addStatement("double loss = $T.loss(GRAPH.loss(), $L, targets)", LOSSES, output).build()
                : CodeBlock.builder().addStatement("double loss = $T.lossAndGradient(GRAPH.loss(), $L, targets, $L)", LOSSES, output,
                        gradient).build();
        return new NetPlan.Step("loss: " + graph.loss().description() + ", batch mean", code);
    }

    private static CodeBlock graphLiteral(ReadModel model, List<LayerContext> layers) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.chain($S, $T.of($L), $T.$L$>$>", ModelGraph.class, model.name(), Shape.class,
                dims(model.input()), dev.kiln.dsl.Loss.class, model.loss());
        for (LayerContext layer : layers) {
            code.add(",\n$L", layer.specConstant());
        }
        return code.add(")$<$<").build();
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
            diagnostics.report(Message.DUPLICATE_LAYER, new Site(site.field(), site.annotation(), null),
                    "rename the layer; generated code names its members after it",
                    model.name(), collision[2], "its generated member '" + collision[0] + "' is already taken by " + quoted(collision[1]));
        }
        return !plan.collisions().isEmpty();
    }

    private static String quoted(String owner) {
        return owner.startsWith("the ") ? owner : "layer '" + owner + "'";
    }
}
