@file:JvmName("FashionTraining")

package dev.kiln.samples.kotlin

import dev.kiln.kotlin.FitScope
import dev.kiln.kotlin.TrainingEvent
import dev.kiln.kotlin.fit
import dev.kiln.kotlin.trainingFlow
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.train.TrainingHistory
import kotlinx.coroutines.flow.Flow

/**
 * The Kotlin MLP trained as FashionMlpMain trains the Java one: SGD at 0.1 whose rate follows a cosine
 * to 0 over the whole fit (the DSL takes the horizon from epochs and batch size), batches of 32.
 */
fun trainMlp(net: FashionMlpKtNet, train: Dataset, test: Dataset, epochs: Int = 15, seed: Long = 42,
             progress: Boolean = true): TrainingHistory =
    net.fit(train, validation = test) { mlpSettings(epochs, seed, progress) }

/**
 * The Kotlin CNN with the Java model's declared training, set here: AdamW at 1e-3 with decoupled
 * decay 0.05, clipped at global norm 1, warm-up over 200 updates into a cosine to the end of the fit.
 */
fun trainCnn(net: FashionCnnKtNet, train: Dataset, test: Dataset, epochs: Int = 12, seed: Long = 42,
             progress: Boolean = true): TrainingHistory =
    net.fit(train, validation = test) {
        runFor(epochs, seed, progress)
        batchSize = 128
        optimizer = adamW(lr = 1e-3, weightDecay = 0.05) {
            clipGlobalNorm(1.0)
            schedule = warmupCosine(200)
        }
    }

/** The MLP's training as events, for a UI or a notebook: collect it, cancel the collector to stop between steps. */
fun mlpTrainingEvents(net: FashionMlpKtNet, train: Dataset, test: Dataset, epochs: Int, seed: Long = 42): Flow<TrainingEvent> =
    net.trainingFlow(train, validation = test) { mlpSettings(epochs, seed, progress = false) }

/** FashionMlpMain's settings: batches of 32, SGD at 0.1 with a cosine to 0 over the fit. */
private fun FitScope.mlpSettings(epochs: Int, seed: Long, progress: Boolean) {
    runFor(epochs, seed, progress)
    batchSize = 32
    optimizer = sgd(lr = 0.1) { schedule = cosine() }
}

private fun FitScope.runFor(epochs: Int, seed: Long, progress: Boolean) {
    this.epochs = epochs
    this.seed = seed
    this.progress = progress
}
