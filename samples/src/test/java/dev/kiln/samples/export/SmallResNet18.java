package dev.kiln.samples.export;

import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Residual;
import dev.kiln.samples.resnet.BasicBlock;
import dev.kiln.samples.resnet.ImageNetStem;

/** ResNet-18 as the sample declares it, on 32x32 images with 10 classes: small enough to run in a test. */
@Model(input = {3, 32, 32}, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class SmallResNet18 extends ImageNetStem {
    @Residual(repeat = 2)
    BasicBlock layer1;

    @Residual(repeat = 2, width = 2, stride = 2)
    BasicBlock layer2;

    @Residual(repeat = 2, width = 4, stride = 2)
    BasicBlock layer3;

    @Residual(repeat = 2, width = 8, stride = 2)
    BasicBlock layer4;

    @GlobalAvgPool
    Layer avgPool;

    @Dense(units = 10)
    Layer fc;
}
