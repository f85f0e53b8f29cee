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
 * The CNN case of issue 7: the Fashion-MNIST CNN of the samples ({@code FashionCnn}: two conv + batch
 * norm + ReLU + max-pool stages, a 128-unit ReLU dense layer, 10 logits) without its dropout layer,
 * so that both systems compute one deterministic function. The processor turns it into
 * {@code BenchCnnNet}; {@link Dl4jCnn} builds the identical DL4J network.
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

    @Flatten
    Layer flat;

    @Dense(units = 128, activation = Activation.RELU)
    Layer fc;

    @Dense(units = 10)
    Layer logits;
}
