package dev.kiln.ir;

import java.util.List;

/**
 * The nonlinearity a Dense or Conv2d layer's output actually goes through: its own activation, or, for a
 * linear Dense, the standalone activation layer that follows it (dropout and normalization in
 * between do not change it). Initializer defaults and the init lints both ask this, so
 * {@code @Dense(units = 256) + @ActivationLayer(RELU)} is treated like {@code @Dense(activation = RELU)},
 * and a PReLU like the leaky ReLU it starts as.
 */
public final class FollowingActivation {
    private FollowingActivation() {
    }

    /**
     * Follows node {@code index}'s output while it has a single reader that keeps the
     * nonlinearity undecided (dropout, normalization), and returns the activation it reaches:
     * a standalone activation layer, or the activation after a residual add.
     */
    public static ActivationFunction of(ModelGraph graph, int index) {
        if (graph.nodes().get(index).layer() instanceof WeightedSpec weighted && !weighted.activation().isIdentity()) {
            return weighted.activation();
        }
        int current = index;
        while (true) {
            List<Integer> readers = graph.consumers(current);
            if (readers.size() != 1) {
                return ActivationFunction.IDENTITY;
            }
            current = readers.get(0);
            LayerSpec next = graph.nodes().get(current).layer();
            if (next instanceof ActivationSpec activation) {
                return activation.activation();
            }
            if (next instanceof PReluSpec prelu) {
                return prelu.initialActivation();
            }
            if (next instanceof AddSpec add) {
                return add.activation();
            }
            if (!next.defersActivation()) {
                return ActivationFunction.IDENTITY;
            }
        }
    }
}
