package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.FlattenSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.ir.ReshapeSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The copies where a convolution chain ({@link ConvolutionChains}) meets the other layers. Forward, a
 * layer's output is converted once, right after the layer, for its readers on the other side of the
 * boundary (inside a stochastic depth branch when the layer is). Backward, a reader on the other side
 * writes its input gradient into a buffer of its own layout, converted into the gradient right
 * after. A Flatten or Reshape reads a chain's output, and writes its gradient, through an NCHW view
 * instead: it copies anyway.
 *
 * <p>The buffers come from {@code FeatureLayout.entryBuffer} and {@code exitBuffer}: where the
 * layout is NCHW (or the array has one channel) they are the source array itself and the
 * conversion copies nothing, so such a model runs exactly the kernels it ran before layouts.
 */
final class LayoutConversions {
    private static final String INTO = "Layout";
    private static final String OUT_OF = "Nchw";

    private final ModelGraph graph;
    private final List<LayerContext> layers;
    private final Set<String> declared = new HashSet<>();

    LayoutConversions(ModelGraph graph, List<LayerContext> layers) {
        this.graph = graph;
        this.layers = layers;
    }

    /**
     * After layer {@code index} wrote {@code output} in one forward pass, emits (into that pass, via
     * {@code step}) the copy of it its readers in the other layout take.
     */
    void afterForward(int index, String output, PlanBuilder plan, BiConsumer<String, CodeBlock> step) {
        LayerContext producer = layers.get(index);
        List<LayerContext> readers = graph.consumers(index).stream().map(layers::get)
                .filter(reader -> needsCopy(producer, reader)).toList();
        if (readers.isEmpty()) {
            return;
        }
        String names = readers.stream().map(LayerContext::name).collect(Collectors.joining(", "));
        String converted = declare(producer, output, plan, "read by " + names);
        String method = producer.inLayout() ? "toNchw" : "fromNchw";
        step.accept(producer.name() + " output " + (producer.inLayout() ? "out of" : "into") + " the convolution layout, for " + names,
                CodeBlock.builder().addStatement("$L.$L($L, $L)", LayerContext.LAYOUT, method, output, converted).build());
    }

    /** What layer {@code reader} reads of the output {@code output} of node {@code source} (or of the model input). */
    String input(int source, int reader, String output) {
        if (source == Node.MODEL_INPUT) {
            return output;
        }
        LayerContext producer = layers.get(source);
        LayerContext consumer = layers.get(reader);
        if (producer.inLayout() == consumer.inLayout()) {
            return output;
        }
        return needsCopy(producer, consumer) ? converted(producer, output) : producer.nchw(output);
    }

    /**
     * Where {@code reader}'s backward writes dL/d(output of {@code source}) that belongs in
     * {@code target}: the target itself, an NCHW view of it, or a buffer in the reader's layout.
     */
    String gradientTarget(int source, int reader, String target, PlanBuilder plan) {
        LayerContext producer = layers.get(source);
        LayerContext consumer = layers.get(reader);
        if (producer.inLayout() == consumer.inLayout()) {
            return target;
        }
        if (!needsCopy(producer, consumer)) {
            return producer.nchw(target);
        }
        return declare(producer, target, plan, "dL/d(" + producer.name() + " output) as " + consumer.name() + "'s backward writes it");
    }

    /** After {@code reader}'s backward, emits the copy of the gradient it wrote into {@code target}, if it needs one. */
    void afterBackward(int source, int reader, String target, PlanBuilder plan) {
        LayerContext producer = layers.get(source);
        LayerContext consumer = layers.get(reader);
        if (!needsCopy(producer, consumer)) {
            return;
        }
        String written = gradientTarget(source, reader, target, plan);
        String method = consumer.inLayout() ? "toNchw" : "fromNchw";
        plan.backward(consumer.name() + ": its input gradient " + (consumer.inLayout() ? "out of" : "into")
                        + " the convolution layout, into dL/d(" + producer.name() + " output)",
                CodeBlock.builder().addStatement("$L.$L($L, $L)", LayerContext.LAYOUT, method, written, target).build());
    }

    /**
     * True when {@code reader}, in the other layout than {@code producer}, reads a converted copy; a
     * Flatten or Reshape reading a chain's output takes an NCHW view of it instead.
     */
    private static boolean needsCopy(LayerContext producer, LayerContext reader) {
        if (producer.inLayout() == reader.inLayout()) {
            return false;
        }
        return !(producer.inLayout() && (reader.spec() instanceof FlattenSpec || reader.spec() instanceof ReshapeSpec));
    }

    /**
     * The buffer holding {@code array}, one of {@code side}'s arrays (an output or a gradient, in its
     * layout), converted to the other layout; declared once.
     */
    private String declare(LayerContext side, String array, PlanBuilder plan, String purpose) {
        String field = convertedField(side, array);
        if (declared.add(field)) {
            plan.startLayer(side);
            plan.conversionBuffer(field, field(array), !side.inLayout(),
                    field(array) + " " + (side.inLayout() ? "in NCHW" : "in the convolution layout") + ", " + purpose
                            + "; " + field(array) + " itself where no copy is needed");
        }
        return NetPlan.BUFFERS + "." + field;
    }

    private static String converted(LayerContext producer, String output) {
        return NetPlan.BUFFERS + "." + convertedField(producer, output);
    }

    /** The buffer field of {@code array}, one of {@code side}'s, converted to the other layout. */
    private static String convertedField(LayerContext side, String array) {
        return field(array) + (side.inLayout() ? OUT_OF : INTO);
    }

    /** The buffer field an expression such as {@code b.conv1Out} names. */
    private static String field(String array) {
        String prefix = NetPlan.BUFFERS + ".";
        if (!array.startsWith(prefix)) {
            throw new IllegalStateException("a layout conversion needs a per-batch buffer, got " + array);
        }
        return array.substring(prefix.length());
    }
}
