package dev.kiln.samples.checkpoint;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Reshape;

/** Small models for the checkpoint tests: one with every kind of state, and variants that must not load into it. */
public final class CheckpointModels {
    private CheckpointModels() {
    }

    /** Dense, batch norm (running statistics), dropout (the random generator's state), a classifier. */
    @Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class Small {
        @Dense(units = 6) Layer fc1;
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu1;
        @Dropout(rate = 0.3) Layer drop;
        @Dense(units = 3) Layer logits;
    }

    /** Small with a wider first layer: fc1.W, fc1.b and bn1's arrays have other shapes. */
    @Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class Wider {
        @Dense(units = 7) Layer fc1;
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu1;
        @Dropout(rate = 0.3) Layer drop;
        @Dense(units = 3) Layer logits;
    }

    /** Small with the classifier renamed and without dropout: logits.* missing, head.* and rng.state unexpected. */
    @Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class Renamed {
        @Dense(units = 6) Layer fc1;
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu1;
        @Dense(units = 3) Layer head;
    }

    /** The layers of the PyTorch model in torch_twin.py (test resources), which made the weights TorchImportTest loads. */
    @Model(input = 36, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class TorchTwin {
        @Reshape({1, 6, 6}) Layer image;
        @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv;
        @BatchNorm Layer bn;
        @ActivationLayer(Activation.RELU) Layer relu;
        @Flatten Layer flat;
        @Dense(units = 5, activation = Activation.RELU) Layer fc1;
        @Dense(units = 3) Layer head;
    }
}
