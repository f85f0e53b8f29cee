package dev.kiln.samples.models;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Splits;
import dev.kiln.runtime.metrics.MetricNames;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated models trained on the task their loss defines report that task's metrics: a
 * regression never an accuracy, a multi-label binary model its accuracy and ROC AUC.
 */
class TaskMetricsTest {

    /** x uniform in [-1, 1]^4, y = x·A + 0.05 noise for a fixed A [4, 2]. */
    private static Dataset linear(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][4];
        double[][] y = new double[n][2];
        double[][] a = {{1, -0.5}, {0.5, 0.25}, {-1, 1}, {0.2, 0.8}};
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 4; d++) {
                x[i][d] = random.nextDouble(-1, 1);
            }
            for (int o = 0; o < 2; o++) {
                for (int d = 0; d < 4; d++) {
                    y[i][o] += x[i][d] * a[d][o];
                }
                y[i][o] += 0.05 * random.nextGaussian();
            }
        }
        return new Dataset(Nd4j.create(x), Nd4j.create(y));
    }

    /** Three labels per example, each 1 where one feature is positive. */
    private static Dataset multiLabel(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][4];
        double[][] y = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 4; d++) {
                x[i][d] = random.nextGaussian();
            }
            for (int o = 0; o < 3; o++) {
                y[i][o] = x[i][o] + 0.3 * x[i][3] > 0 ? 1 : 0;
            }
        }
        return new Dataset(Nd4j.create(x), Nd4j.create(y));
    }

    /** What {@code training} prints, with System.out redirected while the trainer is made and runs. */
    private static String printed(Supplier<TrainingHistory> training, TrainingHistory[] result) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            result[0] = training.get();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRegressionReportsErrorsAndRSquaredButNeverAnAccuracy() {
        Splits.Split split = Splits.random(linear(1200, 1), 0.25, 3);
        TrainingHistory[] history = new TrainingHistory[1];
        String text = printed(() -> Trainer.of(new LossModels_SquaredNet(7, DataType.DOUBLE)).optimizer(Optimizers.adam(0.01))
                .epochs(6).batchSize(32).seed(2).fit(split.train(), split.validation()), history);
        assertFalse(text.contains("acc"), "no accuracy for a regression:\n" + text);
        assertTrue(text.matches("(?s).*epoch 6/6  train loss \\d\\.\\d{4}  rmse \\d\\.\\d{4}  test loss \\d\\.\\d{4}  rmse "
                + "\\d\\.\\d{4}  mae \\d\\.\\d{4}  r2 0\\.\\d{4}  \\d+\\.\\ds\\R.*"), text);
        assertTrue(Double.isNaN(history[0].last().trainAccuracy()) && Double.isNaN(history[0].last().testAccuracy()));
        double[] r2 = history[0].testMetric(MetricNames.R2);
        assertTrue(r2[5] > 0.95 && r2[5] > r2[0], "R² per epoch " + java.util.Arrays.toString(r2));
        assertEquals(Math.sqrt(history[0].last().testLoss()), history[0].last().testMetrics().get(MetricNames.RMSE), 1e-12,
                "the MSE loss is the MSE metric");
        String table = history[0].table();
        assertTrue(table.startsWith("epoch | train loss | train mse | train rmse | train mae | train r2 | test loss"), table);
        assertEquals(8, table.lines().count(), table);
    }

    @Test
    void aMultiLabelBinaryModelReportsAccuracyAndRocAuc() {
        Dataset train = multiLabel(1000, 4);
        Dataset test = multiLabel(400, 5);
        TrainingHistory[] history = new TrainingHistory[1];
        String text = printed(() -> Trainer.of(new LossModels_BinaryNet(3, DataType.DOUBLE)).optimizer(Optimizers.adam(0.01))
                .epochs(4).batchSize(50).seed(1).fit(train, test), history);
        assertTrue(text.matches("(?s).*epoch 4/4  train loss \\d\\.\\d{4}  acc [ \\d]{3}\\.\\d\\d%  test loss \\d\\.\\d{4}"
                + "  acc [ \\d]{3}\\.\\d\\d%  auc 0\\.\\d{4}  \\d+\\.\\ds\\R.*"), text);
        Evaluation evaluation = Evaluation.evaluate(new LossModels_BinaryNet(3, DataType.DOUBLE), test, 128);
        assertTrue(evaluation.metrics().has(MetricNames.ROC_AUC) && evaluation.report() == null);
        assertTrue(history[0].last().testMetrics().get(MetricNames.ROC_AUC) > 0.95, history[0].last().testMetrics().toString());
    }

    @Test
    void aClassifierEvaluationCarriesTheReport() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 50, 5);
        for (int i = 0; i < 50; i++) {
            y.putScalar(i, i % 5, 1);
        }
        Evaluation evaluation = Evaluation.evaluate(new LossModels_HingeNet(1, DataType.DOUBLE), new Dataset(x, y.dup()), 16,
                java.util.List.of("v", "w", "x", "y", "z"));
        assertEquals(50, evaluation.report().examples());
        assertEquals(evaluation.accuracy(), evaluation.report().accuracy(), 1e-15);
        assertTrue(evaluation.report().table().contains("weighted avg"));
        assertTrue(evaluation.metrics().has(MetricNames.topK(2)));
    }
}
