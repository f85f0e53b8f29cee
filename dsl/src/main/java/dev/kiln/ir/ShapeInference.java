package dev.kiln.ir;

import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Infers the output shape of every node and collects every problem, rather than stopping at the
 * first: the processor reports all errors of a model in one compilation. A node whose input is
 * unknown (because an earlier node failed) gets no shape and no further complaint.
 */
public final class ShapeInference {
    private ShapeInference() {
    }

    /** Shapes per node, in node order (null where unknown), and the problems found. */
    public record Result(ModelGraph graph, List<Shape> outputs, List<ShapeProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }

        /** The input shape of a node (the output of the node it reads first). */
        public Shape inputOf(Node node) {
            return shapeOf(node.inputs().get(0));
        }

        /** The shapes of all of a node's inputs, null where unknown. */
        public List<Shape> inputsOf(Node node) {
            List<Shape> shapes = new ArrayList<>();
            for (int source : node.inputs()) {
                shapes.add(shapeOf(source));
            }
            return shapes;
        }

        /** The output shape of node {@code index}, or the model input for {@link Node#MODEL_INPUT}; null where unknown. */
        public Shape shapeOf(int index) {
            return index == Node.MODEL_INPUT ? graph.input() : outputs.get(index);
        }

        public Shape outputOf(Node node) {
            return outputs.get(node.index());
        }

        /** The model's output shape, or null when inference failed. */
        public Shape output() {
            return outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        }
    }

    /** True when {@code input} is a shape a model can take: dimensions positive, and few enough values for an array. */
    public static boolean acceptsInput(Shape input) {
        return input.isValid() && input.size() <= Shape.MAX_ELEMENTS;
    }

    public static Result infer(ModelGraph graph) {
        List<ShapeProblem> problems = new ArrayList<>();
        List<Shape> outputs = new ArrayList<>(Arrays.asList(new Shape[graph.nodes().size()]));
        Result result = new Result(graph, outputs, problems);
        if (!graph.input().isValid()) {
            problems.add(ShapeProblem.of(new ShapeProblem.InputDetails(graph.name(), graph.input(),
                            "every dimension must be positive and there must be at least one"),
                    "give the shape of one example without the batch dimension, e.g. input = 784"));
            return result;
        }
        if (graph.input().size() > Shape.MAX_ELEMENTS) {
            problems.add(ShapeProblem.of(new ShapeProblem.InputDetails(graph.name(), graph.input(),
                            (graph.input().size() == Long.MAX_VALUE ? "more than 2^63" : Numbers.grouped(graph.input().size()))
                                    + " values per example, more than the " + Numbers.grouped(Shape.MAX_ELEMENTS) + " one array can hold"),
                    "downsample the examples before they reach the model"));
            return result;
        }
        if (graph.nodes().isEmpty()) {
            problems.add(new ShapeProblem(null, ShapeProblem.Kind.EMPTY_MODEL,
                    "model " + graph.name() + " declares no layers",
                    "declare layers as annotated fields, e.g. @Dense(units = 10) Layer out;"));
            return result;
        }
        for (Node node : graph.nodes()) {
            List<Shape> in = result.inputsOf(node);
            if (in.contains(null)) {
                continue;
            }
            try {
                outputs.set(node.index(), node.layer().outputShape(in));
            } catch (ShapeException e) {
                problems.add(new ShapeProblem(node, ShapeProblem.Kind.LAYER_INPUT, e.getMessage(), e.hint(), e.attribute()));
            }
        }
        Shape out = result.output();
        if (out != null) {
            checkLoss(graph, out, problems);
        }
        return result;
    }

    private static void checkLoss(ModelGraph graph, Shape out, List<ShapeProblem> problems) {
        Loss loss = graph.loss();
        Node last = graph.outputNode();
        if (out.rank() != 1) {
            problems.add(ShapeProblem.of(last, new ShapeProblem.LossDetails(graph.name(), loss, "output [n,units]", last.name(), out),
                    out.rank() == 3 ? "end the model with @GlobalAvgPool, or @Flatten and a Dense layer" : "end the model with a Dense layer"));
        } else if (out.dim(0) < loss.minimumOutputUnits()) {
            String hint = loss == Loss.SOFTMAX_CROSS_ENTROPY
                    ? "for two classes use BINARY_CROSS_ENTROPY with one unit, or give '" + last.name() + "' one unit per class"
                    : "give '" + last.name() + "' one unit per class";
            problems.add(ShapeProblem.of(last, new ShapeProblem.LossDetails(graph.name(), loss,
                    "at least " + loss.minimumOutputUnits() + " output units", last.name(), out), hint));
        }
    }
}
