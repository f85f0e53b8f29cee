package dev.kiln.runtime;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer with a weight, as {@link Layerwise} exposes it. The arrays are the model's parameters
 * themselves: an in-place change (for example {@code weight.divi(s)}) changes the model.
 *
 * @param name   the layer's name (the field name in the model class)
 * @param weight W, [in, out] for a Dense layer
 * @param bias   b [out], or null for a layer without bias
 */
public record WeightLayer(String name, INDArray weight, @Nullable INDArray bias) {

    public boolean hasBias() {
        return bias != null;
    }
}
