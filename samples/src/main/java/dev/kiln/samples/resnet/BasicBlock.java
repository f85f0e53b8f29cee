package dev.kiln.samples.resnet;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;

/**
 * The residual branch of ResNet-18 and -34: conv 3x3, batch norm, ReLU, conv 3x3, batch norm, at
 * stage 1's width of 64 filters (later stages multiply it). The ReLU after the addition belongs to
 * the unit: {@code @Residual}'s activation.
 */
public class BasicBlock {
    @Conv2d(filters = 64, kernel = 3, same = true, bias = false)
    Layer conv1;

    @BatchNorm
    Layer bn1;

    @ActivationLayer(Activation.RELU)
    Layer relu;

    @Conv2d(filters = 64, kernel = 3, same = true, bias = false)
    Layer conv2;

    @BatchNorm
    Layer bn2;
}
