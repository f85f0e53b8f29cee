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
 * A small CNN for Fashion-MNIST: three conv + batch norm + ReLU + max-pool stages (32, 64 and 128
 * filters; 28x28 down to 3x3), then a dense classifier. The convolutions have no bias: batch norm's
 * beta takes its place. Trained with AdamW (decoupled weight decay 0.05) whose learning rate follows
 * a cosine to 0 over the run (20 augmented epochs: {@link FashionCnnMain}). Measured without augmentation
 * over 12 epochs (docs/convolutions.md): the third stage beat more epochs of two stages (0.9260 after 12
 * against 0.9249 after 12 and 0.9246 after 15), and weight decay beat plain Adam on both seeds tried
 * (0.9280 and 0.9220 against 0.9260 and 0.9213).
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY,
       training = @Training(optimizer = OptimizerType.ADAMW, learningRate = 1e-3, weightDecay = 0.05,
                            schedule = ScheduleType.COSINE, horizonSteps = FashionCnn.STEPS))
public class FashionCnn {
    /** 20 epochs of 469 batches of 128 (60,000 training images): the cosine schedule's horizon. */
    static final long STEPS = 20 * 469;

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

    @MaxPool2d(kernel = 2)
    Layer pool3;

    @Flatten
    Layer flat;

    @Dense(units = 128, activation = Activation.RELU)
    Layer fc;

    @Dropout(rate = 0.3)
    Layer drop;

    @Dense(units = 10)
    Layer logits;
}
