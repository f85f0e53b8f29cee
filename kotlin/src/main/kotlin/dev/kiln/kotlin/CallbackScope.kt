package dev.kiln.kotlin

import dev.kiln.runtime.train.CheckpointSaver
import dev.kiln.runtime.train.EarlyStopping
import dev.kiln.runtime.train.MetricsLog
import dev.kiln.runtime.train.Monitor
import dev.kiln.runtime.train.TrainingCurves
import dev.kiln.runtime.train.TrainingListener
import java.nio.file.Path

/** The callbacks of a fit (docs/checkpoints.md); each is a [TrainingListener], heard in the order added. */
@KilnDsl
class CallbackScope internal constructor() {
    internal val listeners = mutableListOf<TrainingListener>()

    /** Any listener of your own. */
    fun listener(listener: TrainingListener) {
        listeners += listener
    }

    /** Stops when [monitor] has not improved by more than [minDelta] for [patience] epochs; restores the best epoch's weights unless told not to. */
    fun earlyStopping(monitor: Monitor, patience: Int = 5, minDelta: Double = 0.0, restoreBestWeights: Boolean = true): EarlyStopping =
        EarlyStopping.on(monitor).patience(patience).minDelta(minDelta).restoreBestWeights(restoreBestWeights)
            .also { listeners += it }

    /**
     * Saves checkpoints into [directory]: every [everyEpochs] epochs and/or every [everySteps] steps,
     * keeping the last [keepLast] (all unless given), and `best.safetensors` whenever [best] improves.
     */
    fun checkpoints(directory: Path, everyEpochs: Int? = null, everySteps: Int? = null, keepLast: Int? = null,
                    best: Monitor? = null): CheckpointSaver {
        val saver = CheckpointSaver.`in`(directory)
        everyEpochs?.let { saver.everyEpochs(it) }
        everySteps?.let { saver.everySteps(it) }
        keepLast?.let { saver.keepLast(it) }
        best?.let { saver.best(it) }
        return saver.also { listeners += it }
    }

    /** Per-step loss, learning rate (and gradient norm when asked) and per-epoch metrics as CSV. */
    fun metricsCsv(file: Path, gradientNorm: Boolean = false): MetricsLog =
        MetricsLog.csv(file).gradientNorm(gradientNorm).also { listeners += it }

    /** The same as JSON lines. */
    fun metricsJsonLines(file: Path, gradientNorm: Boolean = false): MetricsLog =
        MetricsLog.jsonLines(file).gradientNorm(gradientNorm).also { listeners += it }

    /** Loss and accuracy curves as PNG files named from [prefix], written when the fit ends. */
    fun curves(prefix: Path): TrainingCurves = TrainingCurves.to(prefix).also { listeners += it }
}
