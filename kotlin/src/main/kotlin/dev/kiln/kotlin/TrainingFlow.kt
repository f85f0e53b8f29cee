package dev.kiln.kotlin

import dev.kiln.runtime.KilnNet
import dev.kiln.runtime.data.BatchSource
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.train.EpochResult
import dev.kiln.runtime.train.Evaluation
import dev.kiln.runtime.train.StepResult
import dev.kiln.runtime.train.Trainer
import dev.kiln.runtime.train.TrainingContext
import dev.kiln.runtime.train.TrainingHistory
import dev.kiln.runtime.train.TrainingListener
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext

/** What a fit reports, in the order of [TrainingListener]: started, (step..., evaluated, epoch)..., finished. */
sealed interface TrainingEvent {
    /** The fit is about to run its first (or, resumed, its next) step; [epochs] is the epoch it runs to. */
    data class Started(val epochs: Int) : TrainingEvent

    /** A training step, after its update (or its skipping). */
    data class Step(val result: StepResult) : TrainingEvent

    /** The held-out evaluation after an epoch; only with validation data. */
    data class Evaluated(val epoch: Int, val heldOut: Evaluation) : TrainingEvent

    /** An epoch ended. */
    data class Epoch(val result: EpochResult) : TrainingEvent

    /** The fit ended: every epoch ran, or a callback stopped it. */
    data class Finished(val history: TrainingHistory) : TrainingEvent
}

/**
 * The fit of [fit] as a cold [Flow] of [TrainingEvent]s: each collection configures a new trainer
 * with [configure] and trains on [Dispatchers.Default], emitting while it trains; the trainer waits
 * for a slow collector, so no event is dropped. Cancelling the collector (or its scope) stops the
 * training after the step in progress: that step's update is complete, no further step starts, and
 * the model holds the weights of the last step taken.
 *
 * The collector runs beside the training thread: once it has taken an event the trainer goes on with
 * the next step, so what the collector reads of the model (its parameters, `forward`, which is then
 * refused with a ConcurrentModelUseException) belongs to a step in progress. Read the model after the
 * flow completes, or from a [TrainingListener] in `callbacks { }`, which runs on the training thread.
 */
fun KilnNet.trainingFlow(train: Dataset, validation: Dataset? = null, configure: FitScope.() -> Unit = {}): Flow<TrainingEvent> =
    flowOf({ FitScope.over(this, train) }, configure) { fit(train, validation) }

/** The same on a [BatchSource], with the batching of the source (see [fit]). */
fun KilnNet.trainingFlow(train: BatchSource, validation: Dataset? = null, configure: FitScope.() -> Unit = {}): Flow<TrainingEvent> =
    flowOf({ FitScope.over(this, train) }, configure) { fit(train, validation) }

private fun flowOf(scope: () -> FitScope, configure: FitScope.() -> Unit, run: Trainer.() -> TrainingHistory): Flow<TrainingEvent> =
    channelFlow {
        val settings = scope().apply(configure)
        val producer = this
        withContext(Dispatchers.Default) {
            settings.trainer(FlowListener(producer)).run()
        }
    }.buffer(0)

/** Sends the trainer's events into the flow's channel, and ends the fit between steps once the flow is cancelled. */
private class FlowListener(private val producer: ProducerScope<TrainingEvent>) : TrainingListener {

    override fun onFitStart(context: TrainingContext) = send(TrainingEvent.Started(context.epochs()))

    override fun onStep(context: TrainingContext, step: StepResult) = send(TrainingEvent.Step(step))

    override fun onEvaluation(context: TrainingContext, epoch: Int, heldOut: Evaluation) =
        send(TrainingEvent.Evaluated(epoch, heldOut))

    override fun onEpochEnd(context: TrainingContext, result: EpochResult) = send(TrainingEvent.Epoch(result))

    override fun onFitEnd(context: TrainingContext, history: TrainingHistory) = send(TrainingEvent.Finished(history))

    /**
     * Blocks the training thread until the collector has taken the event. Every hook runs after the
     * trainer finished an update and before it starts the next, so throwing here when the flow is
     * cancelled leaves the model and optimizer between two steps.
     */
    private fun send(event: TrainingEvent) {
        if (!producer.isActive || producer.trySendBlocking(event).isFailure) {
            throw CancellationException("training flow cancelled")
        }
    }
}
