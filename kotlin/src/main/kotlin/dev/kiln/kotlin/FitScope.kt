package dev.kiln.kotlin

import dev.kiln.runtime.KilnNet
import dev.kiln.runtime.data.Batches
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.optim.Optimizer
import dev.kiln.runtime.optim.OptimizerChain
import dev.kiln.runtime.train.Evaluation
import dev.kiln.runtime.train.NonFinitePolicy
import dev.kiln.runtime.train.Trainer
import dev.kiln.runtime.train.TrainingHistory
import dev.kiln.runtime.train.TrainingListener
import java.nio.file.Path
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty

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

    private val trainer: Trainer = Trainer.of(net)
    private val callbacks = CallbackScope()
    private var resumeFrom: Path? = null

    var epochs: Int by setting(1) { epochs(it) }

    var batchSize: Int by setting(Batches.DEFAULT_BATCH_SIZE) { batchSize(it) }

    var evaluationBatchSize: Int by setting(Evaluation.DEFAULT_BATCH_SIZE) { evaluationBatchSize(it) }

    /** Draws the order of every epoch (with the epoch number). */
    var seed: Long by setting(0L) { seed(it) }

    var shuffle: Boolean by setting(true) { shuffle(it) }

    /** The console bar and epoch lines; off for notebooks and UIs that collect [trainingFlow] instead. */
    var progress: Boolean by setting(true) { progress(it) }

    var onNonFinite: NonFinitePolicy by setting(NonFinitePolicy.STOP) { onNonFinite(it) }

    /** Evaluates with the parameter average; needs an optimizer with `averageParameters(...)`. */
    var evaluateWithAverage: Boolean by setting(false) { evaluateWithAverage(it) }

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

    /** A setting passed on to the trainer as it is set, so that the trainer's check fails at the user's line. */
    private fun <T> setting(initial: T, pass: Trainer.(T) -> Unit): ReadWriteProperty<Any?, T> =
        object : ReadWriteProperty<Any?, T> {
            private var value = initial

            override fun getValue(thisRef: Any?, property: KProperty<*>): T = value

            override fun setValue(thisRef: Any?, property: KProperty<*>, value: T) {
                trainer.pass(value)
                this.value = value
            }
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
