package dev.kiln.kotlin

import dev.kiln.runtime.train.StepResult
import dev.kiln.runtime.train.TestNets
import dev.kiln.runtime.train.TrainingContext
import dev.kiln.runtime.train.TrainingListener
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.nd4j.linalg.api.ndarray.INDArray
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertTrue

class TrainingFlowTest {
    private val train = TestNets.blobs(60, 3)
    private val test = TestNets.blobs(30, 4)

    private fun FitScope.settings() {
        progress = false
        epochs = 2
        batchSize = 20
        seed = 5
        optimizer = sgd(lr = 0.3)
    }

    @Test
    fun `the flow reports every step, evaluation and epoch in order and trains as fit does`() = runBlocking {
        val net = TestNets.softmaxRegression(4, 3)
        val events = net.trainingFlow(train, validation = test) { settings() }.toList()
        val kinds = events.map { it::class.simpleName }
        assertEquals(listOf("Started") + List(2) { List(3) { "Step" } + "Evaluated" + "Epoch" }.flatten() + "Finished", kinds)
        val steps = events.filterIsInstance<TrainingEvent.Step>().map { it.result }
        assertEquals((1L..6L).toList(), steps.map { it.update() })
        assertEquals(listOf(1, 1, 1, 2, 2, 2), steps.map { it.epoch() })
        val finished = assertIs<TrainingEvent.Finished>(events.last())
        assertEquals(events.filterIsInstance<TrainingEvent.Epoch>().map { it.result }, finished.history.epochs())

        val reference = TestNets.softmaxRegression(4, 3)
        val history = reference.fit(train, validation = test) { settings() }
        assertEquals(history.epochs().map { it.trainLoss() to it.testLoss() },
            finished.history.epochs().map { it.trainLoss() to it.testLoss() })
        assertEquals(reference.parameters().map { it.value() }, net.parameters().map { it.value() })
    }

    @Test
    fun `cancelling the collector stops training between two steps`() = runBlocking {
        // The weights after every update of an uncancelled run, read on the training thread: a
        // collector runs beside the trainer, which goes on with the next step once its event is taken.
        val reference = TestNets.softmaxRegression(4, 3)
        val afterUpdate = mutableListOf(weights(reference))
        reference.fit(train) {
            settings(); epochs = 5
            callbacks {
                listener(object : TrainingListener {
                    override fun onStep(context: TrainingContext, step: StepResult) {
                        afterUpdate += weights(reference)
                    }
                })
            }
        }
        assertEquals(16, afterUpdate.size)

        val net = TestNets.softmaxRegression(4, 3)
        val optimizer = KilnOptimizers.sgd(lr = 0.3)
        val taken = net.trainingFlow(train) { settings(); epochs = 5; this.optimizer = use(optimizer) }
            .filterIsInstance<TrainingEvent.Step>().take(4).toList()
        assertEquals((1L..4L).toList(), taken.map { it.result.update() })
        // The trainer may have begun the step after the fourth when the cancellation reached it; it
        // completes that step and starts no other, and the collection returns only once it has stopped.
        val updates = optimizer.stepCount().toInt()
        assertTrue(updates in 4..5, "stopped after update $updates")
        assertEquals(afterUpdate[updates], weights(net))
        Thread.sleep(50)
        assertEquals(updates.toLong(), optimizer.stepCount(), "training went on after the flow was cancelled")
    }

    private fun weights(net: dev.kiln.runtime.KilnNet): List<INDArray> = net.parameters().map { it.value().dup() }
}
