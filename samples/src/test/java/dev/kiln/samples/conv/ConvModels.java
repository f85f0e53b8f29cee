package dev.kiln.samples.conv;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.AvgPool2d;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Reshape;

/** Small convolutional models covering stride, padding, same, dilation, groups and every pooling, for gradient checks. */
public final class ConvModels {
    private ConvModels() {
    }

    @Model(input = 72, loss = Loss.SOFTMAX_CROSS_ENTROPY)
    public static class StridedGrouped {
        @Reshape({2, 6, 6}) Layer image;
        @Conv2d(filters = 4, kernel = 3, stride = 2, padding = 1, activation = Activation.TANH) Layer strided;
        @Conv2d(filters = 4, kernel = 3, same = true, groups = 2, bias = false) Layer grouped;
        @BatchNorm Layer bn;
        @Conv2d(filters = 4, kernel = 3, same = true, dilation = 2, groups = 4, activation = Activation.SOFTPLUS) Layer depthwise;
        @MaxPool2d(kernel = 2) Layer max;
        @Flatten Layer flat;
        @Dense(units = 3) Layer logits;
    }

    @Model(input = {3, 7, 7}, loss = Loss.MEAN_SQUARED_ERROR)
    public static class Pooled {
        @Conv2d(filters = 5, kernel = {3, 2}, activation = Activation.ELU) Layer conv;
        @AvgPool2d(kernel = 3, stride = 1, padding = 1) Layer avg;
        @GlobalAvgPool Layer gap;
        @Dense(units = 2) Layer out;
    }
}
