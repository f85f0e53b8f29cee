package dev.kiln.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Layer-by-layer access to a model: its weight layers in forward order, and the pre-activation of
 * any of them for a batch. Generated networks implement it next to {@link KilnNet}. It is what
 * data-dependent initialization needs (LSUV and within-layer init in {@code dev.kiln.runtime.init}
 * scale weights by statistics of the pre-activations they produce), and what per-layer
 * diagnostics of the signal need.
 */
public interface Layerwise {

    /**
     * The layers that hold a weight (Dense and Conv2d), in forward order. Edits through a
     * {@link WeightLayer} change the model, weight-normalized layers included.
     */
    List<WeightLayer> weightLayers();

    /**
     * Runs the inference forward pass (dropout off) through every layer before weight layer
     * {@code layer} and through that layer's affine map, and returns its pre-activation
     * {@code z = xW + b} (before the layer's own activation). The array is a buffer owned by the
     * model, overwritten by the next call: {@code dup()} it to keep it.
     *
     * @param layer index into {@link #weightLayers()}
     * @throws IndexOutOfBoundsException when there is no such weight layer
     */
    INDArray preActivation(INDArray features, int layer);
}
