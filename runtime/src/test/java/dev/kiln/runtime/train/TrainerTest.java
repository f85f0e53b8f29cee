package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.OneHot;
import dev.kiln.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final double[][] CENTRES = {{2, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 0}};

    /** Three Gaussian blobs around well-separated centres in 4 dimensions: linearly separable in practice. */
    private static Dataset blobs(int n, long seed) {
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
    void printsAProgressBarAndOneLinePerEpoch() {
        ByteArrayOutputStream printed = bytes();
        Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.2)).epochs(2).batchSize(50)
                .output(print(printed)).fit(blobs(300, 4), blobs(100, 5));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("6/6"), "the bar reaches 6 of 6 batches:\n" + text);
        assertTrue(text.contains("loss "), text);
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
    void nonFiniteLossStopsTrainingNamingEpochAndStepWithoutApplyingTheUpdate() {
        Dataset data = blobs(100, 8);
        // Row 35 lies in the fourth batch of 10 when the order is not shuffled.
        data.features().putScalar(35, 1, Double.NaN);
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        Sgd sgd = new Sgd(0.5);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> Trainer.of(net).optimizer(sgd)
                .batchSize(10).shuffle(false).progress(false).fit(data));
        assertEquals(1, e.epoch());
        assertEquals(4, e.step());
        assertTrue(e.getMessage().contains("training stopped at epoch 1, step 4 of 10: the loss is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("try a lower one than SGD(lr=0.5)"), e.getMessage());
        assertEquals(3, sgd.stepCount(), "the fourth update must not be applied");
        assertTrue(net.weights().isNaN().castTo(DataType.INT).sumNumber().intValue() == 0, "weights stay finite");
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
        assertThrows(IllegalStateException.class, () -> Trainer.of(net).fit(blobs(10, 1)));
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

        Evaluation inSevens = Evaluation.evaluate(net, test, 7); // 7, 7, 7, 4
        assertEquals(wholeLoss, inSevens.loss(), 1e-12);
        assertEquals(wholeAccuracy, inSevens.accuracy(), 0.0);
        assertEquals(25, inSevens.examples());
        // Sanity: the model learned something (zero weights give ln 3), so batches differ in loss.
        assertTrue(wholeLoss < Math.log(3) - 0.05, "loss " + wholeLoss);
    }
}
