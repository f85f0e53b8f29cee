package dev.kiln.ir;

import java.util.ArrayList;
import java.util.List;

/** Small queries over a list of layers. */
public final class SpecKinds {
    private SpecKinds() {
    }

    /** Indices of the layers of one kind, in order. */
    public static List<Integer> indicesOf(List<? extends LayerSpec> layers, Class<? extends LayerSpec> kind) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (kind.isInstance(layers.get(i))) {
                indices.add(i);
            }
        }
        return indices;
    }

    /**
     * True when node {@code index} is a linear Dense or Conv2d layer whose output goes straight into
     * batch norm and nowhere else: its bias is redundant, and at inference the batch norm folds into
     * its weights. Returns the index of that batch norm, or -1.
     */
    public static int batchNormFedBy(ModelGraph graph, int index) {
        if (!(graph.nodes().get(index).layer() instanceof WeightedSpec weighted) || !weighted.activation().isIdentity()) {
            return -1;
        }
        List<Integer> readers = graph.consumers(index);
        if (readers.size() != 1) {
            return -1;
        }
        Node reader = graph.nodes().get(readers.get(0));
        return reader.layer() instanceof NormSpec norm && norm.norm() == NormSpec.Kind.BATCH ? reader.index() : -1;
    }
}
