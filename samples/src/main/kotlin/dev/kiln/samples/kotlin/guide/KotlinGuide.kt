package dev.kiln.samples.kotlin.guide

import dev.kiln.kotlin.KilnOptimizers
import dev.kiln.kotlin.TrainingEvent
import dev.kiln.kotlin.fit
import dev.kiln.kotlin.invoke
import dev.kiln.kotlin.predictClasses
import dev.kiln.kotlin.trainingFlow
import dev.kiln.runtime.Parameter
import dev.kiln.runtime.data.FashionMnist
import dev.kiln.runtime.optim.OptimizerChain
import dev.kiln.runtime.train.Monitor
import dev.kiln.samples.kotlin.FashionMlpKt
import dev.kiln.samples.kotlin.FashionMlpKtNet
import dev.kiln.samples.kotlin.fashionMlpKtNet
import dev.kiln.samples.kotlin.fc1
import dev.kiln.samples.kotlin.net
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.launchIn
import kotlinx.coroutines.flow.onEach
import java.nio.file.Path

// The examples of docs/kotlin.md, compiled with the samples (DocsExamplesTest checks that each
// Kotlin block of the docs is part of a compiled Kotlin sample).

fun training(data: FashionMnist.Splits, checkpoints: Path): FashionMlpKtNet {
    val net = FashionMlpKt.net(seed = 42)
    val history = net.fit(data.train(), validation = data.test()) {
        epochs = 12; batchSize = 64; seed = 42
        optimizer = adamW(lr = 1e-3, weightDecay = 0.05) {
            clipGlobalNorm(1.0)
            schedule = warmupCosine(500)
            kinds(Parameter.Kind.NORM) { weightDecay = 0.0 }
        }
        callbacks {
            earlyStopping(Monitor.TEST_LOSS, patience = 3)
            checkpoints(checkpoints, everyEpochs = 1, keepLast = 2, best = Monitor.TEST_ACCURACY)
        }
    }
    println("test accuracy ${history.last().testAccuracy()}")
    return net
}

fun standalone(): OptimizerChain =
    KilnOptimizers.momentum(lr = 0.1, nesterov = true) {
        schedule = warmupCosine(500, horizon = 10_000)
        layers("logits") { learningRateScale = 10.0 }
    }

fun inspecting(net: FashionMlpKtNet, image: FloatArray, batch: Array<FloatArray>) {
    println(net.summary())
    val logits: FloatArray = net(image)
    val classes: IntArray = net.predictClasses(batch)
    val (weights, bias) = net.fc1
    println("fc1.W ${weights.value().shapeInfoToString()}, |grad| ${bias.gradient().norm2Number()}")
    println("${logits.size} logits, first class ${FashionMnist.CLASS_NAMES[classes[0]]}")
}

fun saving(net: FashionMlpKtNet, file: Path): FashionMlpKtNet {
    net.save(file)
    val same = fashionMlpKtNet(checkpoint = file)
    return same
}

fun watching(net: FashionMlpKtNet, data: FashionMnist.Splits, scope: CoroutineScope): Job =
    net.trainingFlow(data.train(), validation = data.test()) {
        epochs = 12; progress = false
        optimizer = sgd(lr = 0.1) { schedule = cosine() }
    }.onEach { event ->
        when (event) {
            is TrainingEvent.Step -> if (event.result.update() % 100 == 0L) println("loss ${event.result.loss()}")
            is TrainingEvent.Epoch -> println("epoch ${event.result.epoch()}: ${event.result.testAccuracy()}")
            else -> {}
        }
    }.launchIn(scope) // job.cancel() stops the training after the step in progress
