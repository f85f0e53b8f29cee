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
     * True when layer {@code index} is a linear Dense or Conv2d layer whose output goes straight into batch
     * norm: its bias is redundant, and at inference the batch norm folds into its weights.
     */
    public static boolean feedsBatchNorm(List<? extends LayerSpec> layers, int index) {
        return layers.get(index) instanceof WeightedSpec weighted && weighted.activation().isIdentity()
                && index + 1 < layers.size()
                && layers.get(index + 1) instanceof NormSpec norm && norm.norm() == NormSpec.Kind.BATCH;
    }
}
