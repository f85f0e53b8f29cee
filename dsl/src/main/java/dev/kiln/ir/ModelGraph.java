package dev.kiln.ir;

import dev.kiln.dsl.Loss;

import java.util.ArrayList;
import java.util.List;

/**
 * A model as data: its name, the shape of one input example, the loss and the layer graph. Built
 * by the processor from annotations at compile time, and by generated classes at run time, so that
 * shapes are inferred by the same code in both places.
 */
public final class ModelGraph {
    private final String name;
    private final Shape input;
    private final Loss loss;
    private final List<Node> nodes;

    private ModelGraph(String name, Shape input, Loss loss, List<Node> nodes) {
        this.name = name;
        this.input = input;
        this.loss = loss;
        this.nodes = List.copyOf(nodes);
    }

    /** A chain: every layer reads the output of the one declared before it. */
    public static ModelGraph chain(String name, Shape input, Loss loss, List<? extends LayerSpec> layers) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            nodes.add(new Node(i, layers.get(i), List.of(i == 0 ? Node.MODEL_INPUT : i - 1)));
        }
        return new ModelGraph(name, input, loss, nodes);
    }

    public static ModelGraph chain(String name, Shape input, Loss loss, LayerSpec... layers) {
        return chain(name, input, loss, List.of(layers));
    }

    public String name() {
        return name;
    }

    public Shape input() {
        return input;
    }

    public Loss loss() {
        return loss;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<LayerSpec> layers() {
        return nodes.stream().map(Node::layer).toList();
    }

    /** The node producing the model output (the last one declared). */
    public Node outputNode() {
        return nodes.get(nodes.size() - 1);
    }
}
