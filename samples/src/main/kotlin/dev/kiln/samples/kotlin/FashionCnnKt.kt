package dev.kiln.samples.kotlin

import dev.kiln.dsl.Activation
import dev.kiln.dsl.ActivationLayer
import dev.kiln.dsl.BatchNorm
import dev.kiln.dsl.Conv2d
import dev.kiln.dsl.Dense
import dev.kiln.dsl.Flatten
import dev.kiln.dsl.Layer
import dev.kiln.dsl.Loss
import dev.kiln.dsl.MaxPool2d
import dev.kiln.dsl.Model
import dev.kiln.dsl.Reshape

/**
 * The convolutional sample (dev.kiln.samples.fashion.FashionCnn) in Kotlin: three conv-BN-ReLU stages
 * ending in max-pools (32, 64, 128 filters; two convolutions in the third), a 256-unit head, ten logits. Unlike the Java model it
 * declares no training: its optimizer and schedule are set where it is trained, through the DSL
 * (FashionTraining.kt), so the cosine horizon follows the number of epochs asked for.
 */
@Model(input = [784], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class FashionCnnKt {
    @Reshape(1, 28, 28) lateinit var image: Layer

    @Conv2d(filters = 32, kernel = [3], same = true, bias = false) lateinit var conv1: Layer
    @BatchNorm lateinit var bn1: Layer
    @ActivationLayer(Activation.RELU) lateinit var relu1: Layer
    @MaxPool2d(kernel = [2]) lateinit var pool1: Layer

    @Conv2d(filters = 64, kernel = [3], same = true, bias = false) lateinit var conv2: Layer
    @BatchNorm lateinit var bn2: Layer
    @ActivationLayer(Activation.RELU) lateinit var relu2: Layer
    @MaxPool2d(kernel = [2]) lateinit var pool2: Layer

    @Conv2d(filters = 128, kernel = [3], same = true, bias = false) lateinit var conv3: Layer
    @BatchNorm lateinit var bn3: Layer
    @ActivationLayer(Activation.RELU) lateinit var relu3: Layer
    @Conv2d(filters = 128, kernel = [3], same = true, bias = false) lateinit var conv4: Layer
    @BatchNorm lateinit var bn4: Layer
    @ActivationLayer(Activation.RELU) lateinit var relu4: Layer
    @MaxPool2d(kernel = [2]) lateinit var pool3: Layer

    @Flatten lateinit var flat: Layer
    @Dense(units = 256, activation = Activation.RELU) lateinit var fc: Layer
    @Dense(units = 10) lateinit var logits: Layer
}
