package dev.kiln.runtime.init;

import java.util.List;

/**
 * What {@link WithinLayerInit} did per weight layer: how many features it normalized, how many it
 * left alone because their std on the batch was ≈ 0, and whether it could centre them (a layer
 * without bias cannot).
 */
public record WithinLayerReport(List<Layer> layers) {

    public record Layer(String name, int features, int constantFeatures, boolean centred) {
    }

    public WithinLayerReport {
        layers = List.copyOf(layers);
    }

    /** Warnings, one line per layer with something left undone; empty when every feature is at mean 0, std 1. */
    public List<String> warnings() {
        List<String> lines = new java.util.ArrayList<>();
        for (Layer layer : layers) {
            if (layer.constantFeatures() > 0) {
                lines.add("layer '" + layer.name() + "': " + layer.constantFeatures() + " of " + layer.features()
                        + " features are constant on the batch and were left unscaled");
            }
            if (!layer.centred()) {
                lines.add("layer '" + layer.name() + "' has no bias, so its features were scaled to std 1 but not centred");
            }
        }
        return lines;
    }
}
