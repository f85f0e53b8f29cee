package dev.kiln.samples.fashion;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.Reshape;
import dev.kiln.dsl.ScheduleType;
import dev.kiln.dsl.Training;

/**
 * A small CNN for Fashion-MNIST: two conv + batch norm + ReLU + max-pool stages, then a dense
 * classifier. The convolutions have no bias: batch norm's beta takes its place. Trained with Adam
 * whose learning rate follows a cosine to 0 over the run, so the last epochs settle.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY,
       training = @Training(optimizer = OptimizerType.ADAM, learningRate = 1e-3,
                            schedule = ScheduleType.COSINE, horizonSteps = FashionCnn.STEPS))
public class FashionCnn {
    /** 8 epochs of 469 batches of 128 (60,000 training images): the cosine schedule's horizon. */
    static final long STEPS = 8 * 469;

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

    @Dropout(rate = 0.3)
    Layer drop;

    @Dense(units = 10)
    Layer logits;
}
