package dev.kiln.samples.resnet;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.DenseBlock;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Transition;

/**
 * DenseNet-121 (growth rate k = 32, blocks of 6, 12, 24 and 16 units, compression 0.5) at ImageNet
 * shapes: channels run 64 -> 256 -> 128 -> 512 -> 256 -> 1024 -> 512 -> 1024 (reference §12).
 */
@Model(input = {3, 224, 224}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class DenseNet121 extends ImageNetStem {
    @DenseBlock(repeat = 6)
    DenseLayer block1;

    @Transition
    Layer transition1;

    @DenseBlock(repeat = 12)
    DenseLayer block2;

    @Transition
    Layer transition2;

    @DenseBlock(repeat = 24)
    DenseLayer block3;

    @Transition
    Layer transition3;

    @DenseBlock(repeat = 16)
    DenseLayer block4;

    @BatchNorm
    Layer finalNorm;

    @ActivationLayer(Activation.RELU)
    Layer finalRelu;

    @GlobalAvgPool
    Layer avgPool;

    @Dense(units = 1000)
    Layer fc;

    /** The bottleneck unit: BN - ReLU - conv 1x1 to 4k = 128 - BN - ReLU - conv 3x3 to k = 32. */
    static class DenseLayer {
        @BatchNorm
        Layer bn1;

        @ActivationLayer(Activation.RELU)
        Layer relu1;

        @Conv2d(filters = 128, kernel = 1, bias = false)
        Layer conv1;

        @BatchNorm
        Layer bn2;

        @ActivationLayer(Activation.RELU)
        Layer relu2;

        @Conv2d(filters = 32, kernel = 3, same = true, bias = false)
        Layer conv2;
    }
}
