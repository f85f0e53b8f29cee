package dev.kiln.samples.state;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Lints;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;

/** Models with every kind of state besides parameters: batch norm after Dense and after Conv2d, and dropout. */
public final class StateModels {
    private StateModels() {
    }

    /** Dense (its bias dropped before batch norm) -> batch norm (folded in snapshots), dropout, a second batch norm after an activation. */
    @Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class DenseBn {
        @Dense(units = 6) Layer fc1;
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu1;
        @Dropout(rate = 0.3) Layer drop;
        @Dense(units = 4, activation = Activation.TANH) Layer fc2;
        @BatchNorm Layer bn2;
        @Dense(units = 3) Layer logits;
    }

    /**
     * Conv2d with a bias kept on purpose -> batch norm (folded in snapshots) inside a convolution chain (in the
     * convolution layout: the first convolution reads the caller's array and stays out), then a Dense classifier.
     */
    @Model(input = {2, 5, 5}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class ConvBn {
        @Conv2d(filters = 3, kernel = 3, same = true, activation = Activation.TANH) Layer conv0;
        @SuppressWarnings(Lints.BIAS_BEFORE_NORM)
        @Conv2d(filters = 4, kernel = 3, same = true) Layer conv;
        @BatchNorm Layer bn;
        @ActivationLayer(Activation.RELU) Layer relu;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }
}
