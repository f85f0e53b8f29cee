package dev.kiln.samples.kotlin

import dev.kiln.dsl.Activation
import dev.kiln.dsl.Dense
import dev.kiln.dsl.Init
import dev.kiln.dsl.Layer
import dev.kiln.dsl.Loss
import dev.kiln.dsl.Model
import dev.kiln.dsl.Scheme

/**
 * The flagship FashionMlp (dev.kiln.samples.fashion.FashionMlp) declared in Kotlin: 784-256-128-10,
 * ReLU, Kaiming-normal weights, softmax cross-entropy. kapt runs the Kiln processor over it, which
 * writes the Java class FashionMlpKtNet in this package.
 *
 * Each layer must be a JVM instance field of type dev.kiln.dsl.Layer carrying the layer annotation:
 * `lateinit var` gives a non-null Layer field with no initializer (Layer cannot be constructed), and
 * `@field:` puts the annotation on that field rather than on the property.
 */
@Model(input = [784], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class FashionMlpKt {
    @field:Dense(units = 256, activation = Activation.RELU, weightInit = Init(scheme = Scheme.KAIMING_NORMAL))
    lateinit var fc1: Layer

    @field:Dense(units = 128, activation = Activation.RELU, weightInit = Init(scheme = Scheme.KAIMING_NORMAL))
    lateinit var fc2: Layer

    @field:Dense(units = 10)
    lateinit var logits: Layer
}
