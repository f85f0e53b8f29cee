package dev.kiln.bench;

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
import dev.kiln.dsl.Reshape;

/**
 * The bench's CNN: the layers of the samples' Fashion-MNIST {@code FashionCnn} (three stages, no
 * dropout, so every system computes one deterministic function), declared without the sample's AdamW
 * so that the bench's SGD step applies: conv32-bn-ReLU-pool |
 * conv64-bn-ReLU-pool | conv128-bn-ReLU, conv128-bn-ReLU, pool | flatten | dense 256 ReLU | dense 10;
 * 3x3 "same" convolutions without bias, 2x2 max pooling (7x7 pools to 3x3). The processor turns it
 * into {@code BenchCnnNet}; {@link Dl4jCnn} builds the identical DL4J network.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class BenchCnn {
    @Reshape({1, 28, 28})
    Layer image;

    @Conv2d(filters = 32, kernel = 3, same = true, bias = false)
    Layer conv1;

    @BatchNorm
    Layer bn1;

    @ActivationLayer(Activation.RELU)
    Layer relu1;

    @MaxPool2d(kernel = 2)
    Layer pool1;

    @Conv2d(filters = 64, kernel = 3, same = true, bias = false)
    Layer conv2;

    @BatchNorm
    Layer bn2;

    @ActivationLayer(Activation.RELU)
    Layer relu2;

    @MaxPool2d(kernel = 2)
    Layer pool2;

    @Conv2d(filters = 128, kernel = 3, same = true, bias = false)
    Layer conv3;

    @BatchNorm
    Layer bn3;

    @ActivationLayer(Activation.RELU)
    Layer relu3;

    @Conv2d(filters = 128, kernel = 3, same = true, bias = false)
    Layer conv4;

    @BatchNorm
    Layer bn4;

    @ActivationLayer(Activation.RELU)
    Layer relu4;

    @MaxPool2d(kernel = 2)
    Layer pool3;

    @Flatten
    Layer flat;

    @Dense(units = 256, activation = Activation.RELU)
    Layer fc;

    @Dense(units = 10)
    Layer logits;
}
