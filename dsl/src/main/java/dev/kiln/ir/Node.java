package dev.kiln.ir;

import java.util.List;

/**
 * A node of the model graph: a layer and the nodes it reads from. Index -1 stands for the model
 * input. Models of the foundation are chains (each node reads the one before), but the graph form
 * is what residual and concatenating blocks extend.
 */
public record Node(int index, LayerSpec layer, List<Integer> inputs) {

    public static final int MODEL_INPUT = -1;

    public Node {
        inputs = List.copyOf(inputs);
    }

    public String name() {
        return layer.name();
    }
}
