package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.LastBatch;
import dev.kiln.runtime.data.OneHot;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.ModelInputException;
import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final double[][] CENTRES = {{2, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 0}};

    /** Three Gaussian blobs around well-separated centres in 4 dimensions: linearly separable in practice. */
    static Dataset blobs(int n, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int d = 0; d < 4; d++) {
                x[i][d] = CENTRES[labels[i]][d] + 0.4 * random.nextGaussian();
            }
        }
        return new Dataset(Nd4j.create(x), OneHot.encode(labels, 3, DataType.DOUBLE));
    }

    private static ByteArrayOutputStream bytes() {
        return new ByteArrayOutputStream();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void learnsSeparableDataAndPrintsNothingWithProgressOff() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        ByteArrayOutputStream printed = bytes();
        TrainingHistory history = Trainer.of(net).optimizer(new Sgd(0.2)).epochs(5).batchSize(32).seed(11)
                .progress(false).output(print(printed)).fit(blobs(600, 1), blobs(300, 2));

        assertEquals(5, history.size());
        // Zero weights start at loss ln 3 = 1.0986; the first epoch's running mean is already below it.
        EpochResult first = history.epochs().get(0);
        assertTrue(first.trainLoss() < Math.log(3), "first epoch loss " + first.trainLoss());
        for (int e = 1; e < 5; e++) {
            assertTrue(history.epochs().get(e).trainLoss() < history.epochs().get(e - 1).trainLoss(),
                    "train loss should fall every epoch: " + history.epochs());
        }
        EpochResult last = history.last();
        assertTrue(last.testAccuracy() > 0.95, "test accuracy " + last.testAccuracy());
        assertTrue(last.trainAccuracy() > 0.95, "train accuracy " + last.trainAccuracy());
        assertTrue(last.testLoss() < 0.3, "test loss " + last.testLoss());
        assertEquals(5, last.epoch());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sameSeedReproducesTheRunAndAnotherSeedDoesNot() {
        Dataset train = blobs(200, 3);
        TrainingHistory a = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.1)).epochs(2)
                .batchSize(16).seed(5).progress(false).fit(train);
        TrainingHistory b = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.1)).epochs(2)
                .batchSize(16).seed(5).progress(false).fit(train);
        TrainingHistory c = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.1)).epochs(2)
                .batchSize(16).seed(6).progress(false).fit(train);
        assertEquals(a.last().trainLoss(), b.last().trainLoss(), 0.0);
        assertTrue(a.last().trainLoss() != c.last().trainLoss());
        assertTrue(Double.isNaN(a.last().testLoss()), "no held-out data, no test loss");
    }

    @Test
    void printsPlainProgressLinesWhenNotATerminalAndOneLinePerEpoch() {
        ByteArrayOutputStream printed = bytes();
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.2)).epochs(2).batchSize(50)
                .output(print(printed)).fit(blobs(300, 4), blobs(100, 5));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 1/2  step 1/6  loss "), "progress lines through the epoch:\n" + text);
        assertTrue(text.contains("epoch 2/2  step 5/6  loss "), text);
        assertTrue(text.indexOf('\r') < 0, "no carriage returns outside a terminal:\n" + text);
        assertTrue(text.matches("(?s).*epoch 1/2  train loss \\d\\.\\d{4}  acc [ \\d]{3}\\.\\d\\d%  test loss \\d\\.\\d{4}"
                + "  acc [ \\d]{3}\\.\\d\\d%  \\d+\\.\\ds\\R.*"), text);
        assertTrue(text.contains("epoch 2/2  train loss"), text);
    }

    @Test
    void warnsWhenShufflingIsOff() {
        ByteArrayOutputStream printed = bytes();
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.1)).shuffle(false).output(print(printed))
                .fit(blobs(30, 6));
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("warning: shuffling is off"));
    }

    @Test
    void trainingLossIsTheMeanOverExamplesIncludingTheShortLastBatch() {
        // 25 examples in batches of 10, 10, 5. A mean of the three batch means would count the
        // last five examples double; the epoch loss must count each example once.
        Dataset data = blobs(25, 7);
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        // Fixed non-zero weights, so examples have different losses, and a learning rate so small
        // that no update changes them: every batch loss is the loss of those weights.
        net.weights().assign(Nd4j.create(new double[][] {{1, -1, 0.5}, {0, 2, -1}, {-0.5, 0, 1}, {0.3, 0.3, -2}}));
        double perExample = net.loss(data.features(), data.targets());
        double meanOfBatchMeans = (net.loss(data.subset(0, 10).features(), data.subset(0, 10).targets())
                + net.loss(data.subset(10, 20).features(), data.subset(10, 20).targets())
                + net.loss(data.subset(20, 25).features(), data.subset(20, 25).targets())) / 3;
        assertTrue(Math.abs(perExample - meanOfBatchMeans) > 1e-3, "the data must tell the two means apart");

        TrainingHistory history = Trainer.of(net).optimizer(new Sgd(1e-300)).batchSize(10).shuffle(false)
                .progress(false).fit(data, data);
        assertEquals(perExample, history.last().trainLoss(), 1e-12);
        assertEquals(perExample, history.last().testLoss(), 1e-12);
    }

    @Test
    void aNaNFeatureStopsTrainingNamingTheExampleAndColumnAndBlamesTheData() {
        Dataset data = blobs(100, 8);
        // Row 35 lies in the fourth batch of 10, at row 5, when the order is not shuffled.
        data.features().putScalar(35, 1, Double.NaN);
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Sgd sgd = new Sgd(0.5);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> Trainer.of(net).optimizer(sgd)
                .batchSize(10).shuffle(false).progress(false).fit(data));
        assertEquals(1, e.epoch());
        assertEquals(4, e.step());
        assertEquals(null, e.layer(), "no layer is to blame");
        assertTrue(e.getMessage().startsWith("SoftmaxRegression: training stopped at epoch 1, step 4 of 10 (update 4): the features"
                + " of example 5 of the batch are not finite: column 1 is NaN (example 35 of the training set); the data is at fault,"
                + " not the training"), e.getMessage());
        assertTrue(!e.getMessage().contains("learning rate"), "a NaN in the data is no reason to lower the rate: " + e.getMessage());
        assertEquals(3, sgd.stepCount(), "the fourth update must not be applied");
        assertTrue(net.weights().isNaN().castTo(DataType.INT).sumNumber().intValue() == 0, "weights stay finite");
    }

    @Test
    void aNaNTargetIsNamedBeforeTrainingStartsAndInAStepByHand() {
        Dataset data = blobs(30, 8);
        data.targets().putScalar(12, 2, Double.NaN);
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        ModelInputException upfront = assertThrows(ModelInputException.class, () -> Trainer.of(net)
                .optimizer(new Sgd(0.1)).batchSize(10).shuffle(false).progress(false).fit(data));
        assertTrue(upfront.getMessage().contains("column 2 of the targets of example 12 of the training data is NaN"), upfront.getMessage());

        Dataset batch = data.subset(10, 20);
        Sgd sgd = new Sgd(0.1);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> net.trainStep(batch.features(), batch.targets(), sgd));
        assertTrue(e.getMessage().startsWith("SoftmaxRegression: training step rejected (it would have been update 1): the targets"
                + " of example 2 of the batch are not finite: column 2 is NaN"), e.getMessage());
        assertEquals(0, sgd.stepCount());
    }

    @Test
    void aNonFiniteParameterIsNamedBeforeAnyLearningRateAdvice() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        net.weights().putScalar(2, 1, Double.POSITIVE_INFINITY);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> Trainer.of(net).optimizer(new Sgd(0.1))
                .batchSize(10).shuffle(false).progress(false).fit(blobs(30, 8)));
        assertEquals("out", e.layer());
        assertTrue(e.getMessage().contains("(update 1): parameter out.W is not finite: its element [2, 1] is Infinity; the"
                + " model's weights are broken"), e.getMessage());
        assertTrue(!e.getMessage().contains("learning rate"), e.getMessage());
    }

    @Test
    void divergenceFromFiniteDataAndWeightsBlamesTheLearningRate() {
        Dataset data = blobs(100, 8);
        data.features().muli(1e6);
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Sgd sgd = new Sgd(1e300);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> Trainer.of(net).optimizer(sgd)
                .batchSize(10).shuffle(false).progress(false).fit(data));
        assertEquals(1e300, e.learningRate());
        assertTrue(e.getMessage().contains("the batch and the parameters are finite, so the overflow comes from the updates:"
                + " with learning rate 1.0E300, a learning rate that is too high is the usual cause: try a lower one"), e.getMessage());
        assertTrue(net.weights().isNaN().castTo(DataType.INT).sumNumber().intValue() == 0, "weights stay finite");
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossNamesTheFirstParameterAffected() {
        SoftmaxRegressionNet inner = new SoftmaxRegressionNet(4, 3);
        KilnNet net = new GradientSpoiler(inner, 2);
        Sgd sgd = new Sgd(0.1);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> Trainer.of(net).optimizer(sgd)
                .batchSize(10).shuffle(false).progress(false).fit(blobs(50, 8)));
        assertEquals(3, e.step());
        assertTrue(e.getMessage().contains("step 3 of 5 (update 3): the gradient of layer out (out.b) is not finite"
                + " (the loss is "), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate 0.1"), e.getMessage());
    }

    @Test
    void theSkipPolicyLeavesNonFiniteStepsOutAndCountsThem() {
        Dataset data = blobs(100, 8);
        data.features().putScalar(35, 1, Double.NaN);
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Sgd sgd = new Sgd(0.5);
        ByteArrayOutputStream printed = bytes();
        TrainingHistory history = Trainer.of(net).optimizer(sgd).batchSize(10).shuffle(false).epochs(2)
                .onNonFinite(NonFinitePolicy.SKIP).output(print(printed)).fit(data);
        assertEquals(1, history.epochs().get(0).skippedSteps());
        assertEquals(2, history.skippedSteps(), "the same batch in both epochs");
        assertEquals(18, sgd.stepCount());
        assertTrue(Double.isFinite(history.last().trainLoss()), "skipped batches are not in the mean");
        assertTrue(net.weights().isNaN().castTo(DataType.INT).sumNumber().intValue() == 0, "weights stay finite");
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("skipped 1 non-finite steps"));
    }

    @Test
    void theOptimizerHearsEveryLossAndEveryEpochEndWithTheHeldOutLoss() {
        RecordingOptimizer recording = new RecordingOptimizer(new Sgd(0.1));
        TrainingHistory history = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(recording).epochs(3)
                .batchSize(25).progress(false).fit(blobs(100, 1), blobs(30, 2));
        assertEquals(12, recording.losses.size());
        assertEquals(List.of(1, 2, 3), recording.epochs);
        for (int e = 0; e < 3; e++) {
            assertEquals(history.epochs().get(e).testLoss(), recording.validationLosses.get(e), 0);
        }
        RecordingOptimizer noHeldOut = new RecordingOptimizer(new Sgd(0.1));
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(noHeldOut).progress(false).fit(blobs(30, 1));
        assertTrue(Double.isNaN(noHeldOut.validationLosses.get(0)));
    }

    @Test
    void epochSchedulesAndPlateausFollowTheTrainersEpochs() {
        OptimizerChain stepped = Optimizers.sgd(0.2).schedule(Schedules.step(1, 0.5));
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(stepped).epochs(3).progress(false).fit(blobs(60, 1));
        assertEquals(0.2 / 8, stepped.learningRate(), 1e-17);
        // A learning rate too small to change anything keeps the held-out loss flat: the plateau drops.
        OptimizerChain flat = Optimizers.sgd(1e-300).reduceOnPlateau(Schedules.reduceOnPlateau().patience(1));
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(flat).epochs(3).progress(false).fit(blobs(60, 1), blobs(30, 2));
        assertEquals(1e-301, flat.learningRate(), 1e-310);
    }

    @Test
    void warnsWhenAFullBatchMethodGetsMiniBatches() {
        ByteArrayOutputStream printed = bytes();
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(Optimizers.rprop()).batchSize(10).output(print(printed))
                .fit(blobs(30, 6));
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("warning: Rprop("), printed.toString());
        ByteArrayOutputStream fullBatch = bytes();
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(Optimizers.rprop()).batchSize(30).output(print(fullBatch))
                .fit(blobs(30, 6));
        assertTrue(!fullBatch.toString(StandardCharsets.UTF_8).contains("warning"));
    }

    @Test
    void heldOutEvaluationCanUseTheParameterAverage() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        OptimizerChain sgd = Optimizers.sgd(0.5).averageParameters(0.9);
        Dataset test = blobs(40, 2);
        TrainingHistory history = Trainer.of(net).optimizer(sgd).batchSize(10).evaluateWithAverage(true).progress(false)
                .fit(blobs(100, 1), test);
        double live = Evaluation.evaluate(net, test, 1000).loss();
        double averaged;
        try (var swap = sgd.swapInAverage(net)) {
            averaged = Evaluation.evaluate(net, test, 1000).loss();
        }
        assertEquals(averaged, history.last().testLoss(), 1e-15);
        assertTrue(Math.abs(live - averaged) > 1e-4, "the average differs from the live weights");
        assertEquals(live, Evaluation.evaluate(net, test, 1000).loss(), 0, "the live weights are back");
        assertThrows(IllegalStateException.class, () -> Trainer.of(net).optimizer(new Sgd()).evaluateWithAverage(true)
                .fit(blobs(10, 1)));
    }

    @Test
    void rejectsDataOfAnotherTypeOrShape() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Trainer trainer = Trainer.of(net).optimizer(new Sgd()).progress(false);
        Dataset floats = new Dataset(Nd4j.zeros(DataType.FLOAT, 5, 4), Nd4j.zeros(DataType.FLOAT, 5, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(floats));
        assertTrue(e.getMessage().contains("computes in DOUBLE but the training data holds features of FLOAT"),
                e.getMessage());
        Dataset wide = new Dataset(Nd4j.zeros(DataType.DOUBLE, 5, 6), Nd4j.zeros(DataType.DOUBLE, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(wide));
        // no optimizer given: the model's declared default (SGD for this hand-written net) trains it
        assertEquals(1, Trainer.of(net).progress(false).fit(blobs(10, 1)).size());
    }

    @Test
    void evaluationWeightsBatchLossesByTheirSize() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Dataset train = blobs(90, 9);
        Trainer.of(net).optimizer(new Sgd(0.05)).batchSize(30).progress(false).fit(train);
        Dataset test = blobs(25, 10);
        INDArray all = net.forward(test.features()).dup();
        double wholeLoss = net.loss(test.features(), test.targets());
        double wholeAccuracy = Accuracy.correct(all, test.targets()) / 25.0;

        int forwardsBefore = net.forwardCalls();
        Evaluation inSevens = Evaluation.evaluate(net, test, 7); // 7, 7, 7, 4
        assertEquals(4, net.forwardCalls() - forwardsBefore, "one forward pass per batch serves loss and accuracy");
        assertEquals(wholeLoss, inSevens.loss(), 1e-12);
        assertEquals(wholeAccuracy, inSevens.accuracy(), 0.0);
        assertEquals(25, inSevens.examples());
        // Sanity: the model learned something (zero weights give ln 3), so batches differ in loss.
        assertTrue(wholeLoss < Math.log(3) - 0.05, "loss " + wholeLoss);
    }

    @Test
    void evaluationRefusesTargetsOfTheWrongWidthNamingTheModel() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Dataset test = new Dataset(Nd4j.rand(DataType.DOUBLE, 5, 4), Nd4j.zeros(DataType.DOUBLE, 5, 2));
        var e = assertThrows(dev.kiln.runtime.ModelInputException.class, () -> Evaluation.evaluate(net, test, 2));
        assertEquals("SoftmaxRegression: loss SOFTMAX_CROSS_ENTROPY after layer 'out' expects targets [2,3] but got [2,2]",
                e.getMessage());
    }

    /**
     * The trainer's own loop (batch gathering, the non-finite check, the accuracy count, an SGD step
     * with a schedule) creates nothing after the first epoch: with a model that creates nothing
     * itself, a run of three epochs creates exactly what a run of one does (the batch buffers and
     * whatever the first steps warm up). 100 examples in batches of 16: six full batches and a short
     * one of 4, so both buffer pairs are reused.
     */
    @Test
    void epochsAfterTheFirstCreateNothing() {
        FixedNet net = new FixedNet(4, 3);
        Dataset train = blobs(100, 12);
        java.util.function.IntFunction<Runnable> run = epochs -> () -> Trainer.of(net)
                .optimizer(Optimizers.sgd(1e-3).schedule(Schedules.cosine(100, 0))).epochs(epochs).batchSize(16)
                .seed(3).progress(false).fit(train);
        run.apply(1).run();
        long arrays = ArrayCount.during(run.apply(3)) - ArrayCount.during(run.apply(1));
        long nativeObjects = ArrayCount.nativeObjectsDuring(run.apply(3)) - ArrayCount.nativeObjectsDuring(run.apply(1));
        System.out.println("TRAINER arrays per 14 steps " + arrays + ", native " + nativeObjects);
        assertEquals(0, arrays, "INDArrays created by epochs 2 and 3 (14 steps)");
        assertEquals(0, nativeObjects, "native objects registered by epochs 2 and 3 (14 steps)");
    }

    /** By default a last batch of one is merged into the one before: 21 examples in batches of 10 are two steps, 10 and 11. */
    @Test
    void aLastBatchOfOneIsMergedByDefaultAndTheOtherPoliciesAreOffered() {
        RecordingOptimizer merged = new RecordingOptimizer(new Sgd(0.1));
        TrainingHistory history = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(merged).batchSize(10).progress(false).fit(blobs(21, 3));
        assertEquals(2, merged.losses.size());
        assertTrue(Double.isFinite(history.last().trainLoss()));
        RecordingOptimizer kept = new RecordingOptimizer(new Sgd(0.1));
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(kept).batchSize(10).lastBatch(LastBatch.KEEP).progress(false).fit(blobs(21, 3));
        assertEquals(3, kept.losses.size());
        RecordingOptimizer dropped = new RecordingOptimizer(new Sgd(0.1));
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(dropped).batchSize(10).lastBatch(LastBatch.DROP).progress(false).fit(blobs(25, 3));
        assertEquals(2, dropped.losses.size());
    }
}
