package example

import dev.kiln.dsl.Activation
import dev.kiln.dsl.Dense
import dev.kiln.dsl.Layer
import dev.kiln.dsl.Loss
import dev.kiln.dsl.Maxout
import dev.kiln.dsl.Model
import dev.kiln.dsl.PRelu
import dev.kiln.kotlin.TrainingEvent
import dev.kiln.kotlin.fit
import dev.kiln.kotlin.invoke
import dev.kiln.kotlin.predictClasses
import dev.kiln.kotlin.trainingFlow
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.data.OneHot
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.nd4j.linalg.factory.Nd4j
import java.util.Random

/** Every property form docs/kotlin.md says works, in one model. */
@Model(input = [2], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class Blobs {
    @Dense(units = 8, activation = Activation.TANH) lateinit var hidden: Layer
    @Dense(units = 8, activation = Activation.TANH) var second: Layer? = null
    @Dense(units = 8, activation = Activation.TANH) val third: Layer? = null
    @JvmField @Dense(units = 8, activation = Activation.TANH) val fourth: Layer? = null
    @field:Dense(units = 8, activation = Activation.TANH) lateinit var fifth: Layer
    @Dense(units = 3) private lateinit var logits: Layer

    companion object
}

/** The learnable activations as a Kotlin user declares them: maxout of two pieces, a per-unit PReLU. */
@Model(input = [2], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class LearnedBlobs {
    @Dense(units = 16) lateinit var pieces: Layer
    @Maxout lateinit var max: Layer
    @Dense(units = 8) lateinit var hidden: Layer
    @PRelu lateinit var act: Layer
    @Dense(units = 3) lateinit var logits: Layer

    companion object
}

/** Three separable blobs in the plane. */
fun blobs(n: Int, seed: Long): Dataset {
    val random = Random(seed)
    val labels = IntArray(n) { it % 3 }
    val x = Array(n) { i -> FloatArray(2) { d -> (if (d == labels[i] % 2) 2f else -1f) * (1 + labels[i] / 2) + 0.3f * random.nextGaussian().toFloat() } }
    return Dataset(Nd4j.create(x), OneHot.encode(labels, 3, org.nd4j.linalg.api.buffer.DataType.FLOAT))
}

fun main() {
    val net = Blobs.net(seed = 42)
    println("layers: " + net.graph().layers().joinToString(" ") { it.name() })
    val history = net.fit(blobs(300, 1), validation = blobs(150, 2)) {
        epochs = 8; batchSize = 16; seed = 3; progress = false
        optimizer = adamW(lr = 1e-2, weightDecay = 1e-4) { clipGlobalNorm(1.0); schedule = warmupCosine(20) }
    }
    println("accuracy: " + history.last().testAccuracy())
    println("predicted: " + net.predictClasses(arrayOf(floatArrayOf(2f, -1f), floatArrayOf(-1f, 2f))).joinToString(","))
    println("logits: " + net(floatArrayOf(2f, -1f)).size + " fc: " + net.hidden.size)
    val steps = runBlocking {
        blobsNet(seed = 7).trainingFlow(blobs(300, 1)) { epochs = 2; batchSize = 50; progress = false }
            .filterIsInstance<TrainingEvent.Step>().toList().size
    }
    println("flow steps: $steps")
    val learned = LearnedBlobs.net(seed = 11)
    val learnedHistory = learned.fit(blobs(300, 1), validation = blobs(150, 2)) {
        epochs = 8; batchSize = 16; seed = 3; progress = false
        optimizer = adamW(lr = 1e-2, weightDecay = 1e-4)
    }
    val slope = learned.parameters().first { it.name() == "act.alpha" }
    println("learned activations: accuracy " + learnedHistory.last().testAccuracy() + ", alpha " + slope.kind()
            + " " + slope.value().shape().joinToString("x") + " trained " + (slope.value().getDouble(0L) != 0.25))
}
