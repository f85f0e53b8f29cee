package dev.kiln.samples.images;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.Training;

/** A small CNN for 28x28 grey images in ten classes, taking the image folder's [n, 1, 28, 28] as it is. */
@Model(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
       training = @Training(optimizer = OptimizerType.ADAM, learningRate = 2e-3))
public class FolderCnn {
    @Conv2d(filters = 16, kernel = 3, same = true, bias = false)
    Layer conv1;

    @BatchNorm
    Layer bn1;

    @ActivationLayer(Activation.RELU)
    Layer relu1;

    @MaxPool2d(kernel = 2)
    Layer pool1;

    @Conv2d(filters = 32, kernel = 3, same = true, bias = false)
    Layer conv2;

    @BatchNorm
    Layer bn2;

    @ActivationLayer(Activation.RELU)
    Layer relu2;

    @MaxPool2d(kernel = 2)
    Layer pool2;

    @Flatten
    Layer flat;

    @Dense(units = 64, activation = Activation.RELU)
    Layer fc;

    @Dense(units = 10)
    Layer logits;
}
