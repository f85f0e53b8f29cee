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
}
