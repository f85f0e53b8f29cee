package dev.kiln.ir;

import java.util.List;

/**
 * The nonlinearity a Dense or Conv2d layer's output actually goes through: its own activation, or, for a
 * linear Dense, the standalone activation layer that follows it (dropout and normalization in
 * between do not change it). Initializer defaults and the init lints both ask this, so
 * {@code @Dense(units = 256) + @ActivationLayer(RELU)} is treated like {@code @Dense(activation = RELU)}.
 */
public final class FollowingActivation {
    private FollowingActivation() {
    }

    public static ActivationFunction of(List<? extends LayerSpec> layers, int index) {
        if (layers.get(index) instanceof WeightedSpec weighted && !weighted.activation().isIdentity()) {
            return weighted.activation();
        }
        for (int i = index + 1; i < layers.size(); i++) {
            LayerSpec next = layers.get(i);
            if (next instanceof ActivationSpec activation) {
                return activation.activation();
            }
            if (!(next instanceof DropoutSpec) && !(next instanceof NormSpec)) {
                break;
            }
        }
        return ActivationFunction.IDENTITY;
    }
}
