package dev.kiln.samples.resnet;

import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Residual;

/**
 * ResNet-34 at ImageNet shapes (224x224x3, 1000 classes): the stem, four stages of BasicBlock units
 * (3, 4, 6, 3) at widths 64, 128, 256, 512 (the last three halve H and W in their first unit,
 * where a projection shortcut matches the shapes), global average pooling and the classifier.
 * Convolutions have no bias; batch norm follows each. 21,797,672 parameters.
 */
@Model(input = {3, 224, 224}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class ResNet34 extends ImageNetStem {
    @Residual(repeat = 3)
    BasicBlock layer1;

    @Residual(repeat = 4, width = 2, stride = 2)
    BasicBlock layer2;

    @Residual(repeat = 6, width = 4, stride = 2)
    BasicBlock layer3;

    @Residual(repeat = 3, width = 8, stride = 2)
    BasicBlock layer4;

    @GlobalAvgPool
    Layer avgPool;

    @Dense(units = 1000)
    Layer fc;
}
