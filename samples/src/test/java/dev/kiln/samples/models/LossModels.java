package dev.kiln.samples.models;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;

/** One small model per loss, for gradient checks of the generated backward pass through each loss. */
public final class LossModels {
    private LossModels() {
    }

    @Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)
    public static class Binary {
        @Dense(units = 7, activation = Activation.TANH) Layer hidden;
        @Dense(units = 3) Layer logits;
    }

    @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)
    public static class Squared {
        @Dense(units = 7, activation = Activation.SOFTPLUS) Layer hidden;
        @Dense(units = 2) Layer out;
    }

    @Model(input = 4, loss = Loss.MULTICLASS_HINGE)
    public static class Hinge {
        @Dense(units = 7, activation = Activation.ELU) Layer hidden;
        @Dense(units = 5) Layer scores;
    }

    /** Starts with dropout and an activation: no gradient flows into the input, and none is computed. */
    @Model(input = 4, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class DropoutFirst {
        @dev.kiln.dsl.Dropout(rate = 0.5) Layer inputDrop;
        @Dense(units = 7, activation = Activation.GELU) Layer hidden;
        @Dense(units = 4) Layer logits;
    }
}
