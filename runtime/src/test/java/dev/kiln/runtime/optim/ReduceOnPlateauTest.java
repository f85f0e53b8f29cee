package dev.kiln.runtime.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reference section 11, reduce on plateau. */
class ReduceOnPlateauTest {

    private static OptimizerChain sgd(ReduceOnPlateau rule) {
        return Optimizers.sgd(1.0).reduceOnPlateau(rule);
    }

    @Test
    void aConstantLossGivesTheFirstDropAtEvaluationPatiencePlusTwo() {
        OptimizerChain sgd = sgd(ReduceOnPlateau.defaults().patience(3));
        for (int e = 1; e <= 4; e++) {
            sgd.onEpochEnd(e, 0.5);
            assertEquals(1.0, sgd.learningRate(), 0, "evaluation " + e);
        }
        sgd.onEpochEnd(5, 0.5);
        assertEquals(0.1, sgd.learningRate(), 1e-16, "the first sets best, then patience + 1 = 4 bad ones");
        for (int e = 6; e <= 8; e++) {
            sgd.onEpochEnd(e, 0.5);
            assertEquals(0.1, sgd.learningRate(), 1e-16, "evaluation " + e);
        }
        sgd.onEpochEnd(9, 0.5);
        assertEquals(0.01, sgd.learningRate(), 1e-17, "the count restarted after the drop: 4 more bad ones");
    }

    @Test
    void aStrictlyImprovingLossNeverDrops() {
        OptimizerChain sgd = sgd(ReduceOnPlateau.defaults().patience(0));
        double loss = 1;
        for (int e = 1; e <= 100; e++) {
            loss *= 0.999;
            sgd.onEpochEnd(e, loss);
        }
        assertEquals(1.0, sgd.learningRate(), 0);
    }

    @Test
    void improvementsSmallerThanTheThresholdDoNotCount() {
        OptimizerChain sgd = sgd(ReduceOnPlateau.defaults().patience(0).threshold(0.01));
        sgd.onEpochEnd(1, 1.0);
        sgd.onEpochEnd(2, 0.995);
        assertEquals(0.1, sgd.learningRate(), 1e-16);
    }

    @Test
    void cooldownAndFloor() {
        OptimizerChain sgd = sgd(ReduceOnPlateau.defaults().patience(0).cooldown(2).minLearningRate(0.05));
        sgd.onEpochEnd(1, 1);
        sgd.onEpochEnd(2, 1);
        assertEquals(0.1, sgd.learningRate(), 1e-16);
        sgd.onEpochEnd(3, 1);
        sgd.onEpochEnd(4, 1);
        assertEquals(0.1, sgd.learningRate(), 1e-16, "two evaluations of cooldown are not counted");
        sgd.onEpochEnd(5, 1);
        assertEquals(0.05, sgd.learningRate(), 1e-16, "0.01 is floored at the minimum rate");
    }

    @Test
    void withoutValidationLossTheBiasCorrectedTrainingLossAverageIsMonitored() {
        OptimizerChain sgd = sgd(ReduceOnPlateau.defaults().patience(1));
        PlateauTracker tracker;
        sgd.observeLoss(2.0);
        sgd.observeLoss(2.0);
        sgd.onEpochEnd(1, Double.NaN);
        tracker = trackerOf(sgd);
        // A constant loss averages to itself once corrected, from the first value on.
        assertEquals(2.0, tracker.trainingLossAverage(), 1e-14);
        sgd.observeLoss(1.0);
        double average = 0;
        for (double loss : new double[] {2, 2, 1}) {
            average = 0.98 * average + 0.02 * loss;
        }
        assertEquals(average / (1 - Math.pow(0.98, 3)), tracker.trainingLossAverage(), 1e-14);
        assertEquals(1.6599, tracker.trainingLossAverage(), 1e-4);
        sgd.onEpochEnd(2, Double.NaN);
        sgd.observeLoss(5.0);
        sgd.onEpochEnd(3, Double.NaN);
        sgd.onEpochEnd(4, Double.NaN);
        assertEquals(0.1, sgd.learningRate(), 1e-16, "two evaluations without improvement after patience 1");
    }

    @Test
    void theTrainingLossCanBeMonitoredEvenWithAValidationLoss() {
        OptimizerChain validation = sgd(ReduceOnPlateau.defaults().patience(0));
        OptimizerChain training = sgd(ReduceOnPlateau.defaults().patience(0).monitorTrainingLoss());
        for (int e = 1; e <= 3; e++) {
            for (OptimizerChain sgd : new OptimizerChain[] {validation, training}) {
                sgd.observeLoss(1.0 / e);
                sgd.onEpochEnd(e, 7.0);
            }
        }
        assertEquals(0.01, validation.learningRate(), 1e-17, "a flat validation loss drops twice");
        assertEquals(1.0, training.learningRate(), 0, "the falling training loss does not");
    }

    private static PlateauTracker trackerOf(OptimizerChain chain) {
        try {
            var field = OptimizerChain.class.getDeclaredField("plateau");
            field.setAccessible(true);
            return (PlateauTracker) field.get(chain);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
