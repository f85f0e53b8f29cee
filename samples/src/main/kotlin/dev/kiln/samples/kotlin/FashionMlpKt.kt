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
 * writes the Java class FashionMlpKtNet and, for Kotlin, FashionMlpKtNetKt.kt (`FashionMlpKt.net(seed = 42)`,
 * `fashionMlpKtNet(seed = 42)`, `net(x)`, `net.fc1`).
 *
 * Layers are properties with a backing field of type Layer; Kiln's annotations target fields only,
 * so Kotlin puts them on the field without `@field:`. `lateinit var` needs no initializer (Layer
 * cannot be constructed); docs/kotlin.md lists the other forms.
 */
@Model(input = [784], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class FashionMlpKt {
    @Dense(units = 256, activation = Activation.RELU, weightInit = Init(scheme = Scheme.KAIMING_NORMAL))
    lateinit var fc1: Layer

    @Dense(units = 128, activation = Activation.RELU, weightInit = Init(scheme = Scheme.KAIMING_NORMAL))
    lateinit var fc2: Layer

    @Dense(units = 10)
    lateinit var logits: Layer

    /** Gives the model the generated factories `FashionMlpKt.net(seed)` and `FashionMlpKt.net(checkpoint)`. */
    companion object
}
