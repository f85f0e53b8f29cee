package dev.kiln.samples.resnet;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;

/**
 * The bottleneck branch of ResNet-50: 1x1 down to 64 channels, 3x3 at 64, 1x1 up to 256, each
 * followed by batch norm, with ReLU between (stage 1's widths; later stages multiply them). A
 * downsampling unit puts its stride on the first 1x1, as the original ResNet does.
 */
public class Bottleneck {
    @Conv2d(filters = 64, kernel = 1, bias = false)
    Layer reduce;

    @BatchNorm
    Layer bnReduce;

    @ActivationLayer(Activation.RELU)
    Layer reluReduce;

    @Conv2d(filters = 64, kernel = 3, same = true, bias = false)
    Layer conv;

    @BatchNorm
    Layer bnConv;

    @ActivationLayer(Activation.RELU)
    Layer reluConv;

    @Conv2d(filters = 256, kernel = 1, bias = false)
    Layer expand;

    @BatchNorm
    Layer bnExpand;
}
