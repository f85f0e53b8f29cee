package dev.kiln.ir;

import dev.kiln.dsl.Loss;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /** Readers of each node, computed once: lints and the planner ask for them node by node, and a linear scan each time made deep models quadratic. */
    private final List<List<Integer>> consumers;

    private ModelGraph(String name, Shape input, Loss loss, List<Node> nodes) {
        this.name = name;
        this.input = input;
        this.loss = loss;
        this.nodes = List.copyOf(nodes);
        List<List<Integer>> readers = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new ArrayList<>(1));
        }
        for (Node node : this.nodes) {
            for (int source : node.inputs().stream().distinct().toList()) {
                if (source >= 0 && source < nodes.size()) {
                    readers.get(source).add(node.index());
                }
            }
        }
        this.consumers = readers.stream().map(List::copyOf).toList();
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

    /**
     * A graph of nodes in a valid order: node i is at index i, reads as many nodes as its layer's
     * arity, and only nodes before it (or the model input), so declaration order is an order in
     * which the forward pass can run.
     */
    public static ModelGraph of(String name, Shape input, Loss loss, List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.index() != i) {
                throw new IllegalArgumentException("node '" + node.name() + "' has index " + node.index() + " at position " + i);
            }
            if (node.inputs().size() != node.layer().arity()) {
                throw new IllegalArgumentException("layer '" + node.name() + "' reads " + node.layer().arity()
                        + " input(s) but its node lists " + node.inputs());
            }
            for (int source : node.inputs()) {
                if (source < Node.MODEL_INPUT || source >= i) {
                    throw new IllegalArgumentException("layer '" + node.name() + "' reads node " + source
                            + ", which is not declared before it");
                }
            }
        }
        return new ModelGraph(name, input, loss, nodes);
    }

    /** Builds a graph layer by layer, referring to inputs by layer name: how generated classes spell out residual and dense blocks. */
    public static Builder builder(String name, Shape input, Loss loss) {
        return new Builder(name, input, loss);
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

    /** Indices of the nodes that read node {@code index}, in order. */
    public List<Integer> consumers(int index) {
        return consumers.get(index);
    }

    /** True when every node reads just the node before it. */
    public boolean isChain() {
        return nodes.stream().allMatch(node -> node.inputs().equals(List.of(node.index() - 1)));
    }

    /** The node producing the model output (the last one declared). */
    public Node outputNode() {
        return nodes.get(nodes.size() - 1);
    }

    /** See {@link #builder}. */
    public static final class Builder {
        /** How {@link #layer} names the model input. */
        public static final String INPUT = "(input)";

        private final String name;
        private final Shape input;
        private final Loss loss;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Integer> indices = new HashMap<>();

        private Builder(String name, Shape input, Loss loss) {
            this.name = name;
            this.input = input;
            this.loss = loss;
        }

        /** Adds a layer reading the named layers ({@link #INPUT} for the model input), or the layer before it when none are named. */
        public Builder layer(LayerSpec layer, String... inputs) {
            List<Integer> sources = new ArrayList<>();
            if (inputs.length == 0) {
                sources.add(nodes.size() - 1);
            }
            for (String source : inputs) {
                Integer index = source.equals(INPUT) ? Integer.valueOf(Node.MODEL_INPUT) : indices.get(source);
                if (index == null) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "' reads '" + source + "', which is not declared before it");
                }
                sources.add(index);
            }
            indices.put(layer.name(), nodes.size());
            nodes.add(new Node(nodes.size(), layer, sources));
            return this;
        }

        public ModelGraph build() {
            return of(name, input, loss, nodes);
        }
    }
}
