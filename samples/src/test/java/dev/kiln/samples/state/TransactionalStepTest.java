package dev.kiln.samples.state;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.ModelInputException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ReduceOnPlateau;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.train.NonFiniteLossException;
import dev.kiln.runtime.train.NonFinitePolicy;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rejected or skipped step leaves the whole model and optimizer as they were, byte for byte
 * ({@link ModelState}): parameters, batch norm's running statistics, the random generator behind
 * dropout, and the optimizer's slots, step count, schedule and plateau. Afterwards the model serves
 * clean data exactly as before.
 */
class TransactionalStepTest {
    private static final int BATCH = 8;

    /** Adam with everything that keeps state: a warm-up schedule, reduce-on-plateau, a parameter average. */
    private static OptimizerChain statefulOptimizer(double learningRate) {
        return Optimizers.adam(learningRate).schedule(Schedules.warmup(3, Schedules.cosine(100, 0)))
                .reduceOnPlateau(ReduceOnPlateau.defaults().patience(0)).averageParameters(0.9);
    }

    private static INDArray features(long seed) {
        return TestArrays.gaussian(BATCH, 5, 1, 0.3, seed);
    }

    private static INDArray targets(long seed) {
        return TestArrays.oneHot(BATCH, 3, seed);
    }

    @Test
    void aNaNFeatureLeavesEveryStateAsItWas() {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(1, DataType.DOUBLE);
        OptimizerChain optimizer = statefulOptimizer(0.01);
        for (int step = 0; step < 4; step++) {
            net.trainStep(features(step), targets(step), optimizer);
        }
        INDArray clean = features(99);
        INDArray before = net.forward(clean).dup();
        ModelState state = ModelState.of(net, optimizer);
        INDArray bad = features(5);
        bad.putScalar(3, 2, Double.NaN);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> net.trainStep(bad, targets(5), optimizer));
        assertTrue(e.getMessage().startsWith("DenseBn: training step rejected (it would have been update 5): the features of"
                + " example 3 of the batch are not finite: column 2 is NaN"), e.getMessage());
        ModelState.of(net, optimizer).assertSameAs(state, "after a NaN feature");
        INDArray after = net.forward(clean);
        assertTrue(after.isNaN().castTo(DataType.INT).sumNumber().intValue() == 0, "clean data gives finite outputs");
        assertEquals(before, after);
    }

    /** The rejected pass ran: it moved the running statistics and (DenseBn) drew dropout masks before its loss overflowed. */
    @Test
    void aDivergingStepLeavesEveryStateAsItWas() {
        assertDivergenceRestores(new StateModels_DenseBnNet(2, DataType.DOUBLE), features(3), features(5));
        assertDivergenceRestores(new StateModels_ConvBnNet(2, DataType.DOUBLE), TestArrays.gaussian(BATCH, 50, 1, 0.3, 3).reshape(BATCH, 2, 5, 5),
                TestArrays.gaussian(BATCH, 50, 1, 0.3, 5).reshape(BATCH, 2, 5, 5));
    }

    private static void assertDivergenceRestores(KilnNet net, INDArray x, INDArray clean) {
        OptimizerChain optimizer = Optimizers.sgd(1e300).reduceOnPlateau(ReduceOnPlateau.defaults().patience(0)).averageParameters(0.9);
        INDArray y = targets(4);
        ModelState state = null;
        INDArray before = null;
        int applied = 0;
        NonFiniteLossException e = null;
        while (e == null && applied < 20) {
            state = ModelState.of(net, optimizer);
            before = net.forward(clean).dup();
            try {
                net.trainStep(x, y, optimizer);
                applied++;
            } catch (NonFiniteLossException rejected) {
                e = rejected;
            }
        }
        assertTrue(e != null && applied > 0, "the learning rate makes training diverge after a few steps, took " + applied);
        assertTrue(e.getMessage().contains("a learning rate that is too high is the usual cause"), e.getMessage());
        ModelState.of(net, optimizer).assertSameAs(state, net.graph().name() + " after divergence");
        // The diverged weights may give NaN outputs: compared byte for byte, as they were before the rejected step.
        assertArrayEquals(before.data().asBytes(), net.forward(clean).dup().data().asBytes());
    }

    /**
     * Under SKIP an epoch whose last batch overflows (a finite feature of 1e300: the pass runs, moves the
     * running statistics and draws dropout masks, and its loss is NaN) ends exactly where an epoch without
     * that batch ends: the skipped step left no randomness consumed, no running statistic and no optimizer
     * state moved.
     */
    @Test
    void aSkippedStepIsAsIfTheBatchWereNotThere() {
        INDArray x = TestArrays.gaussian(3 * BATCH, 5, 1, 0.3, 6);
        INDArray y = TestArrays.oneHot(3 * BATCH, 3, 7);
        x.putScalar(2 * BATCH + 1, 4, 1e300);
        Dataset withBadBatch = new Dataset(x, y);
        Dataset without = new Dataset(x.get(NDArrayIndex.interval(0, 2 * BATCH)).dup(), y.get(NDArrayIndex.interval(0, 2 * BATCH)).dup());

        StateModels_DenseBnNet skipping = new StateModels_DenseBnNet(8, DataType.DOUBLE);
        OptimizerChain skippingOptimizer = statefulOptimizer(0.01);
        TrainingHistory history = Trainer.of(skipping).optimizer(skippingOptimizer).onNonFinite(NonFinitePolicy.SKIP)
                .batchSize(BATCH).shuffle(false).progress(false).epochs(2).fit(withBadBatch);
        assertEquals(2, history.skippedSteps());

        StateModels_DenseBnNet reference = new StateModels_DenseBnNet(8, DataType.DOUBLE);
        OptimizerChain referenceOptimizer = statefulOptimizer(0.01);
        Trainer.of(reference).optimizer(referenceOptimizer).batchSize(BATCH).shuffle(false).progress(false).epochs(2).fit(without);

        ModelState.of(skipping, skippingOptimizer).assertSameAs(ModelState.of(reference, referenceOptimizer), "after skipped steps");
        INDArray clean = features(9);
        assertEquals(reference.forward(clean).dup(), skipping.forward(clean));
    }

    /** A finite loss does not make a step good: batch norm turned the overflow into zeros, but its running variance became infinite. */
    @Test
    void aRunningVarianceThatOverflowsRejectsTheStep() {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(12, DataType.DOUBLE);
        OptimizerChain optimizer = statefulOptimizer(0.01);
        net.trainStep(features(1), targets(1), optimizer);
        ModelState state = ModelState.of(net, optimizer);
        INDArray x = features(2);
        x.putScalar(1, 4, 1e300);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> net.trainStep(x, targets(2), optimizer));
        assertTrue(e.getMessage().contains("but the pass left bn1.runningVar non-finite: its element ["), e.getMessage());
        assertEquals("bn1", e.layer());
        ModelState.of(net, optimizer).assertSameAs(state, "after an overflowing running variance");
    }

    @Test
    void aStepThatThrowsMidPassRestoresTheStateToo() {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(10, DataType.DOUBLE);
        OptimizerChain optimizer = statefulOptimizer(0.01);
        net.trainStep(features(1), targets(1), optimizer);
        ModelState state = ModelState.of(net, optimizer);
        // One example: bn1 passes its check only as a batch of two; bn2 then sees one value per channel.
        assertThrows(ModelInputException.class, () -> net.trainStep(features(2).get(NDArrayIndex.interval(0, 1)).dup(),
                targets(2).get(NDArrayIndex.interval(0, 1)).dup(), optimizer));
        ModelState.of(net, optimizer).assertSameAs(state, "after a pass that threw");
    }

    @Test
    void theSameStepsWithoutRejectionsChangeTheState() {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(11, DataType.DOUBLE);
        OptimizerChain optimizer = statefulOptimizer(0.01);
        ModelState state = ModelState.of(net, optimizer);
        Supplier<Double> step = () -> net.trainStep(features(1), targets(1), optimizer);
        step.get();
        assertFalse(ModelState.of(net, optimizer).sameAs(state), "an applied step changes the state: the comparison can fail");
        assertEquals(5, net.stateBuffers().size());
        assertFalse(Nd4j.zeros(DataType.DOUBLE, 6).equals(net.bn1RunningMean), "the running mean moved");
    }
}
