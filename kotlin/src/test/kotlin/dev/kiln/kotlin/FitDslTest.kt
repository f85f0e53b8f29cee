package dev.kiln.kotlin

import dev.kiln.runtime.Parameter
import dev.kiln.runtime.optim.Optimizers
import dev.kiln.runtime.optim.ParameterGroup
import dev.kiln.runtime.optim.Schedules
import dev.kiln.runtime.train.StepResult
import dev.kiln.runtime.train.TestNets
import dev.kiln.runtime.train.Trainer
import dev.kiln.runtime.train.TrainingContext
import dev.kiln.runtime.train.TrainingListener
import org.junit.jupiter.api.Test
import kotlin.math.PI
import kotlin.math.cos
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class FitDslTest {
    private val train = TestNets.blobs(90, 1)
    private val test = TestNets.blobs(30, 2)

    @Test
    fun `the optimizer block builds the chain the Java builder builds`() {
        val kotlin = KilnOptimizers.adamW(lr = 1e-3, weightDecay = 0.05, beta2 = 0.99) {
            clipGlobalNorm(1.0)
            schedule = warmupCosine(500, horizon = 10_000, min = 1e-2)
            kinds(Parameter.Kind.NORM) { learningRateScale = 0.5; weightDecay = 0.0 }
            layers("head") { frozen = true }
            averageParameters(0.999)
        }
        val java = Optimizers.adamW(1e-3, Optimizers.ADAM.betas(0.9, 0.99)).weightDecay(0.05)
            .clipGlobalNorm(1.0)
            .schedule(Schedules.warmup(500, Schedules.cosine(9_500, 1e-2)))
            .group(ParameterGroup.kinds(Parameter.Kind.NORM).learningRateScale(0.5).weightDecay(0.0))
            .group(ParameterGroup.layers("head").frozen())
            .averageParameters(0.999)
        assertEquals(java.toString(), kotlin.toString())
        assertEquals(java.transforms().map { it.toString() }, kotlin.transforms().map { it.toString() })
    }

    @Test
    fun `fit trains exactly as the Java trainer with the same settings`() {
        val viaDsl = TestNets.softmaxRegression(4, 3)
        val history = viaDsl.fit(train, validation = test) {
            progress = false
            optimizer = momentum(lr = 0.1, nesterov = true) { schedule = cosine(min = 0.1) }
            epochs = 3 // after the optimizer: the schedule still runs over all three epochs
            batchSize = 16
            seed = 7
        }
        val viaJava = TestNets.softmaxRegression(4, 3)
        val expected = Trainer.of(viaJava).progress(false).epochs(3).batchSize(16).seed(7)
            .optimizer(Optimizers.nesterov(0.1).schedule(Schedules.cosine(3L * 6, 0.1)))
            .fit(train, test)
        assertEquals(expected.epochs().map { it.trainLoss() to it.testAccuracy() },
            history.epochs().map { it.trainLoss() to it.testAccuracy() })
        assertEquals(viaJava.parameters().map { it.value() }, viaDsl.parameters().map { it.value() })
        assert(history.last().testAccuracy() > 0.9) { "softmax regression on separable blobs: ${history.last()}" }
    }

    @Test
    fun `a schedule over the fit decays to the end of the last epoch`() {
        val rates = mutableListOf<Double>()
        TestNets.softmaxRegression(4, 3).fit(train) {
            progress = false
            batchSize = 30 // 3 updates per epoch
            epochs = 4
            optimizer = sgd(lr = 0.2) { schedule = warmupCosine(2) }
            callbacks {
                listener(object : TrainingListener {
                    override fun onStep(context: TrainingContext, step: StepResult) {
                        rates += step.learningRate()
                    }
                })
            }
        }
        // warm-up over updates 1-2, then cosine over the remaining 10 of the 12 updates
        val expected = listOf(0.1, 0.2) + (0 until 10).map { s -> 0.2 * 0.5 * (1 + cos(PI * s / 10)) }
        assertEquals(expected.size, rates.size)
        expected.zip(rates).forEach { (e, r) -> assertEquals(e, r, 1e-15) }
    }

    @Test
    fun `a bad setting fails at its own line with the trainer's message`() {
        val net = TestNets.softmaxRegression(4, 3)
        val epochs = assertFailsWith<IllegalArgumentException> { net.fit(train) { epochs = 0 } }
        assertContains(epochs.message!!, "epochs")
        val batch = assertFailsWith<IllegalArgumentException> { net.fit(train) { batchSize = -1 } }
        assertContains(batch.message!!, "batch")
    }

    @Test
    fun `a warm-up as long as the horizon is refused naming both`() {
        val e = assertFailsWith<IllegalArgumentException> {
            KilnOptimizers.sgd { schedule = warmupCosine(100, horizon = 100) }
        }
        assertEquals("warmupCosine: the horizon (100 updates) must be longer than the warm-up (100 updates)", e.message)
    }
}
