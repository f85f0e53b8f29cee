package dev.kiln.samples.norm;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.GroupNorm;
import dev.kiln.dsl.InstanceNorm;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.LayerNorm;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.RmsNorm;

/** Small models with every normalization layer in every layout, for gradient and mode checks. */
public final class NormModels {
    private NormModels() {
    }

    /** Batch norm before and after the activation, folded into a linear Dense at inference, with dropout. */
    @Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class DenseBatchNorm {
        @Dense(units = 6) Layer fc1;
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.TANH) Layer act1;
        @Dense(units = 6, activation = Activation.RELU) Layer fc2;
        @Dropout(rate = 0.2) Layer drop;
        @BatchNorm(affine = false) Layer bn2;
        @Dense(units = 3) Layer logits;
    }

    /** Layer, group and RMS norm on flat features; a weight-normalized Dense. */
    @Model(input = 6, loss = Loss.MEAN_SQUARED_ERROR)
    public static class FlatNorms {
        @LayerNorm Layer ln;
        @Dense(units = 8, activation = Activation.SOFTPLUS, weightNorm = true) Layer fc1;
        @GroupNorm(groups = 4) Layer gn;
        @Dense(units = 6, activation = Activation.ELU) Layer fc2;
        @RmsNorm Layer rms;
        @Dense(units = 2) Layer out;
    }

    /** Batch, instance and group norm on [n,C,H,W] input, then flattened. */
    @Model(input = {4, 3, 3}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class SpatialNorms {
        @BatchNorm Layer bn;
        @InstanceNorm Layer in;
        @GroupNorm(groups = 2) Layer gn;
        @LayerNorm(affine = false) Layer ln;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }
}
