package dev.kiln.kotlin

import dev.kiln.runtime.KilnNet
import dev.kiln.runtime.data.Batches
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.optim.Optimizer
import dev.kiln.runtime.optim.OptimizerChain
import dev.kiln.runtime.train.NonFinitePolicy
import dev.kiln.runtime.train.Trainer
import dev.kiln.runtime.train.TrainingHistory
import dev.kiln.runtime.train.TrainingListener
import java.nio.file.Path

/**
 * Trains the model: `net.fit(data.train, validation = data.test) { epochs = 12; optimizer = adamW(lr = 1e-3) }`.
 * The block configures a [Trainer]; nothing runs until it has returned, so the settings may come
 * in any order. Returns the history of the epochs.
 */
fun KilnNet.fit(train: Dataset, validation: Dataset? = null, configure: FitScope.() -> Unit = {}): TrainingHistory =
    FitScope(this, train).apply(configure).trainer().fit(train, validation)

/**
 * The settings of one fit. Each is checked where it is set, with the trainer's message; the
 * optimizer is built when the fit starts, from the final `epochs` and `batchSize`, so its
 * schedule can run over the whole fit ([FitOptimizerScope]).
 */
@KilnDsl
class FitScope internal constructor(private val net: KilnNet, private val train: Dataset) :
    OptimizerFactories<FitOptimizerScope, FitOptimizer> {

    // A trainer takes the settings as they come, so a bad value fails at its own line.
    private val trainer: Trainer = Trainer.of(net)
    private val callbacks = CallbackScope()
    private var resumeFrom: Path? = null

    var epochs: Int = 1
        set(value) {
            trainer.epochs(value)
            field = value
        }

    var batchSize: Int = Batches.DEFAULT_BATCH_SIZE
        set(value) {
            trainer.batchSize(value)
            field = value
        }

    var evaluationBatchSize: Int = dev.kiln.runtime.train.Evaluation.DEFAULT_BATCH_SIZE
        set(value) {
            trainer.evaluationBatchSize(value)
            field = value
        }

    /** Draws the order of every epoch (with the epoch number). */
    var seed: Long = 0
        set(value) {
            trainer.seed(value)
            field = value
        }

    var shuffle: Boolean = true
        set(value) {
            trainer.shuffle(value)
            field = value
        }

    /** The console bar and epoch lines; off for notebooks and UIs that collect [trainingFlow] instead. */
    var progress: Boolean = true
        set(value) {
            trainer.progress(value)
            field = value
        }

    var onNonFinite: NonFinitePolicy = NonFinitePolicy.STOP
        set(value) {
            trainer.onNonFinite(value)
            field = value
        }

    /** Evaluates with the parameter average; needs an optimizer with `averageParameters(...)`. */
    var evaluateWithAverage: Boolean = false
        set(value) {
            trainer.evaluateWithAverage(value)
            field = value
        }

    /** The optimizer: one of the factories of this scope (`adamW(...) { }`), or [use] for one built elsewhere. */
    var optimizer: FitOptimizer? = null

    /** An optimizer built elsewhere, e.g. by [KilnOptimizers] or Java's `Optimizers`. */
    fun use(optimizer: Optimizer): FitOptimizer = FitOptimizer { optimizer }

    /** Callbacks: `callbacks { earlyStopping(Monitor.TEST_LOSS, patience = 3); checkpoints(dir) }`. */
    fun callbacks(configure: CallbackScope.() -> Unit) {
        callbacks.configure()
    }

    /** Continues the run saved in [checkpoint] exactly (same seed, shuffle and batch size; `epochs` is the total). */
    fun resumeFrom(checkpoint: Path) {
        resumeFrom = checkpoint
    }

    override fun optimizer(create: () -> OptimizerChain, configure: FitOptimizerScope.() -> Unit): FitOptimizer =
        FitOptimizer { totalUpdates -> FitOptimizerScope(create(), totalUpdates).apply(configure).finish() }

    /** The configured trainer, with its optimizer built for the final settings; [extra] listeners hear it too. */
    internal fun trainer(vararg extra: TrainingListener): Trainer {
        val updates = epochs.toLong() * Batches.over(train).batchSize(batchSize).batchesPerEpoch()
        optimizer?.let { trainer.optimizer(it.create(updates)) }
        callbacks.listeners.forEach { trainer.listener(it) }
        extra.forEach { trainer.listener(it) }
        resumeFrom?.let { trainer.resumeFrom(it) }
        return trainer
    }
}

/** An optimizer of a fit, made when the fit starts from the number of updates it will run. */
fun interface FitOptimizer {
    fun create(totalUpdates: Long): Optimizer
}
