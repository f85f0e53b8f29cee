package dev.kiln.samples.resnet;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.MaxPool2d;

/**
 * The ResNet stem on 224x224 images: a 7x7 convolution with stride 2 to 64 channels, batch norm,
 * ReLU and a 3x3 max pool with stride 2 (224 -> 112 -> 56). The ResNets extend it: a model reads
 * its superclass's layers first.
 */
public abstract class ImageNetStem {
    @Conv2d(filters = 64, kernel = 7, stride = 2, padding = 3, bias = false)
    Layer conv1;

    @BatchNorm
    Layer bn1;

    @ActivationLayer(Activation.RELU)
    Layer relu;

    @MaxPool2d(kernel = 3, stride = 2, padding = 1)
    Layer maxPool;
}
