package dev.kiln.samples.images;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.Training;

/**
 * A small all-convolutional classifier for 28x28 grey images in ten classes, taking the image
 * folder's [n, 1, 28, 28] as it is: two conv + ReLU + max-pool stages (28 -> 14 -> 7), a third
 * convolution without padding (7 -> 5), and global average pooling into the ten logits' dense layer.
 */
@Model(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
       training = @Training(optimizer = OptimizerType.ADAM, learningRate = 2e-3))
public class FolderCnn {
    @Conv2d(filters = 24, kernel = 3, same = true, activation = Activation.RELU)
    Layer edges;

    @MaxPool2d(kernel = 2)
    Layer half;

    @Conv2d(filters = 48, kernel = 3, same = true, activation = Activation.RELU)
    Layer parts;

    @MaxPool2d(kernel = 2)
    Layer quarter;

    @Conv2d(filters = 96, kernel = 3, activation = Activation.RELU)
    Layer shapes;

    @GlobalAvgPool
    Layer average;

    @Dense(units = 10)
    Layer logits;
}
