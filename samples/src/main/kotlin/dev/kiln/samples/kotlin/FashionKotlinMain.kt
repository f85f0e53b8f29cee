@file:JvmName("FashionKotlinMain")

package dev.kiln.samples.kotlin

import dev.kiln.kotlin.TrainingEvent
import dev.kiln.runtime.data.FashionMnist
import kotlinx.coroutines.runBlocking
import java.util.Locale

/**
 * Trains the Kotlin samples on Fashion-MNIST through the DSL. Arguments (optional): `mlp` (default),
 * `cnn` or `mlp-flow` (the MLP, reporting through the Flow of training events), then the epochs.
 */
fun main(args: Array<String>) {
    val which = args.getOrElse(0) { "mlp" }
    val data = FashionMnist.load()
    val start = System.nanoTime()
    val accuracy = when (which) {
        "mlp" -> trainMlp(FashionMlpKt.net(seed = 42), data.train(), data.test(), epochs = epochs(args, 15)).last().testAccuracy()
        "cnn" -> trainCnn(fashionCnnKtNet(seed = 42), data.train(), data.test(), epochs = epochs(args, 12)).last().testAccuracy()
        "mlp-flow" -> runBlocking { flowAccuracy(data, epochs(args, 15)) }
        else -> throw IllegalArgumentException("unknown sample '$which': use mlp, cnn or mlp-flow")
    }
    println(String.format(Locale.ROOT, "Final test accuracy: %.4f (%s, %.1f s)", accuracy, which, (System.nanoTime() - start) / 1e9))
}

private fun epochs(args: Array<String>, default: Int) = args.getOrNull(1)?.toInt() ?: default

/** Prints a line every 500 steps and per epoch from the events, and returns the last test accuracy. */
private suspend fun flowAccuracy(data: FashionMnist.Splits, epochs: Int): Double {
    var accuracy = Double.NaN
    mlpTrainingEvents(FashionMlpKt.net(seed = 42), data.train(), data.test(), epochs).collect { event ->
        when (event) {
            is TrainingEvent.Step -> if (event.result.update() % 500 == 0L) {
                println(String.format(Locale.ROOT, "update %d  loss %.4f  lr %.4f", event.result.update(), event.result.loss(),
                    event.result.learningRate()))
            }
            is TrainingEvent.Epoch -> {
                accuracy = event.result.testAccuracy()
                println(String.format(Locale.ROOT, "epoch %d  test accuracy %.4f", event.result.epoch(), accuracy))
            }
            else -> {}
        }
    }
    return accuracy
}
