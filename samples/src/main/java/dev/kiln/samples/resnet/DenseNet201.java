package dev.kiln.samples.resnet;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.DenseBlock;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Transition;

/**
 * DenseNet-201 (growth rate k = 32, blocks of 6, 12, 48 and 32 units, compression 0.5) at ImageNet
 * shapes: DenseNet-121's units, with deeper third and fourth blocks. Its generated code is too
 * large for single JVM methods, so the processor splits it by runs of units of each block.
 */
@Model(input = {3, 224, 224}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class DenseNet201 extends ImageNetStem {
    @DenseBlock(repeat = 6)
    DenseNet121.DenseLayer block1;

    @Transition
    Layer transition1;

    @DenseBlock(repeat = 12)
    DenseNet121.DenseLayer block2;

    @Transition
    Layer transition2;

    @DenseBlock(repeat = 48)
    DenseNet121.DenseLayer block3;

    @Transition
    Layer transition3;

    @DenseBlock(repeat = 32)
    DenseNet121.DenseLayer block4;

    @BatchNorm
    Layer finalNorm;

    @ActivationLayer(Activation.RELU)
    Layer finalRelu;

    @GlobalAvgPool
    Layer avgPool;

    @Dense(units = 1000)
    Layer fc;
}
