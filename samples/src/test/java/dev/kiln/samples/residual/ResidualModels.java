package dev.kiln.samples.residual;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.DenseBlock;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Residual;
import dev.kiln.dsl.Shortcut;
import dev.kiln.dsl.Transition;

/** Small residual and dense networks for gradient checks: every kind of unit, shortcut and join. */
public final class ResidualModels {
    private ResidualModels() {
    }

    /** conv - BN - ReLU - conv - BN; the unit's ReLU comes after the addition. */
    public static class PostBlock {
        @Conv2d(filters = 3, kernel = 3, same = true, bias = false) Layer conv1;
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu;
        @Conv2d(filters = 3, kernel = 3, same = true, bias = false) Layer conv2;
        @BatchNorm Layer bn2;
    }

    /** Original units: two identity shortcuts, then a stage that widens and halves H and W through a projection with batch norm. */
    @Model(input = {2, 6, 6}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class PostActivation {
        @Conv2d(filters = 3, kernel = 3, same = true, activation = Activation.TANH) Layer stem;
        @Residual(repeat = 2) PostBlock stage1;
        @Residual(width = 2, stride = 2) PostBlock stage2;
        @GlobalAvgPool Layer gap;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }

    /** BN - ReLU - conv - BN - ReLU - conv; no activation after the addition. */
    public static class PreBlock {
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu1;
        @Conv2d(filters = 3, kernel = 1, bias = false) Layer conv1;
        @BatchNorm Layer bn2;
        @ActivationLayer(Activation.RELU) Layer relu2;
        @Conv2d(filters = 3, kernel = 3, same = true) Layer conv2;
    }

    /**
     * Pre-activation units reading the model input directly: a forced projection without batch
     * norm in the first unit, the stride on the 3x3 ("v1.5"), then an identity unit.
     */
    @Model(input = {3, 5, 5}, loss = Loss.MEAN_SQUARED_ERROR)
    public static class PreActivation {
        @Residual(repeat = 2, stride = 2, strideAt = "conv2", activation = Activation.IDENTITY, shortcut = Shortcut.PROJECTION,
                projectionNorm = false) PreBlock stage;
        @BatchNorm Layer bn;
        @ActivationLayer(Activation.RELU) Layer relu;
        @GlobalAvgPool Layer gap;
        @Flatten Layer flat;
        @Dense(units = 2) Layer out;
    }

    /** The notes' dense form h(z) = z + tanh(W z + b). */
    public static class DenseUnit {
        @Dense(units = 4, activation = Activation.TANH) Layer fc;
    }

    /** Dense residual units on [n, features]; the wider second stage gets a linear Dense projection. */
    @Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)
    public static class DenseResidual {
        @Residual(repeat = 2, activation = Activation.IDENTITY) DenseUnit stage1;
        @Residual(width = 2, activation = Activation.IDENTITY) DenseUnit stage2;
        @Dense(units = 2) Layer out;
    }

    /** A branch without batch norm, so that training and inference differ only by stochastic depth. */
    public static class PlainBlock {
        @Conv2d(filters = 2, kernel = 3, same = true, activation = Activation.TANH) Layer conv1;
        @Conv2d(filters = 2, kernel = 3, same = true) Layer conv2;
    }

    /** Stochastic depth with survival 0.5 on a linear unit (no activation after the addition). */
    @Model(input = {2, 4, 4}, loss = Loss.MEAN_SQUARED_ERROR)
    public static class Stochastic {
        @Residual(survival = 0.5, activation = Activation.IDENTITY) PlainBlock unit;
        @Flatten Layer flat;
        @Dense(units = 2) Layer out;
    }

    /** Stochastic depth on units with batch norm, survival decaying linearly over the model's three units. */
    @Model(input = {2, 4, 4}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class StochasticWithNorm {
        @Conv2d(filters = 3, kernel = 1) Layer stem;
        @Residual(repeat = 3, survival = 0.4, linearDecay = true) PostBlock stage;
        @GlobalAvgPool Layer gap;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }

    /** DenseNet's unit: BN - ReLU - conv 1x1 (4k) - BN - ReLU - conv 3x3 (k), growth rate k = 2. */
    public static class DenseLayer {
        @BatchNorm Layer bn1;
        @ActivationLayer(Activation.RELU) Layer relu1;
        @Conv2d(filters = 8, kernel = 1, bias = false) Layer conv1;
        @BatchNorm Layer bn2;
        @ActivationLayer(Activation.RELU) Layer relu2;
        @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv2;
    }

    /** A dense block of three units (4 -> 10 channels), a transition (-> 5 channels, 6x6 -> 3x3), another block. */
    @Model(input = {4, 6, 6}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class DenselyConnected {
        @DenseBlock(repeat = 3) DenseLayer block1;
        @Transition Layer transition;
        @DenseBlock(repeat = 2) DenseLayer block2;
        @GlobalAvgPool Layer gap;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }
}
