package dev.kiln.samples.models;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Maxout;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.PRelu;
import dev.kiln.dsl.Training;

/** PReLU (per channel and shared) and maxout in flat and convolutional models: for gradient checks, layouts and export. */
public final class LearnedActivations {
    private LearnedActivations() {
    }

    /** Flat features: a per-unit PReLU, maxout of two and of three pieces, a shared PReLU. */
    @Model(input = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY, training = @Training(optimizer = OptimizerType.ADAMW, weightDecay = 0.1))
    public static class Flat {
        @Dense(units = 8) Layer fc1;
        @PRelu Layer act1;
        @Dense(units = 8) Layer fc2;
        @Maxout Layer max2;
        @Dense(units = 9) Layer fc3;
        @Maxout(pieces = 3) Layer max3;
        @Dense(units = 5) Layer fc4;
        @PRelu(shared = true, init = 0.1) Layer act4;
        @Dense(units = 3) Layer logits;
    }

    /** Images: PReLU and maxout between convolutions (in the convolution chain), and after batch norm. */
    @Model(input = {2, 6, 6}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class Conv {
        @Conv2d(filters = 4, kernel = 3, same = true) Layer conv1;
        @PRelu Layer act1;
        @Conv2d(filters = 6, kernel = 3, same = true, bias = false) Layer conv2;
        @BatchNorm Layer bn2;
        @Maxout(pieces = 3) Layer max2;
        @MaxPool2d(kernel = 2) Layer pool;
        @Conv2d(filters = 4, kernel = 3, same = true) Layer conv3;
        @PRelu(shared = true) Layer act3;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }
}
