package dev.kiln.runtime.metrics;

import dev.kiln.dsl.Loss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric on cases small enough to work out by hand (the working is in the comments). */
class HandComputedMetricsTest {
    private static final double EXACT = 1e-15;

    private static INDArray m(double[][] values) {
        return Nd4j.create(values);
    }

    @Test
    void theLossChoosesTheTask() {
        assertEquals(Task.REGRESSION, Task.of(Loss.MEAN_SQUARED_ERROR));
        assertEquals(Task.MULTICLASS, Task.of(Loss.SOFTMAX_CROSS_ENTROPY));
        assertEquals(Task.MULTICLASS, Task.of(Loss.MULTICLASS_HINGE));
        assertEquals(Task.BINARY, Task.of(Loss.BINARY_CROSS_ENTROPY));
        MetricValues regression = MetricAccumulator.forLoss(Loss.MEAN_SQUARED_ERROR, 1, MetricAccumulator.Scope.EVALUATION)
                .values();
        assertFalse(regression.has(MetricNames.ACCURACY), "never an accuracy for a regression: " + regression.names());
    }

    @Test
    void regression() {
        // errors (0, 1) and (1, -2): SSE 6 over 4 elements, MSE 1.5, MAE (0 + 1 + 1 + 2)/4 = 1.
        // Column 0: targets 1, 2 (SST 0.5), SSE 1 -> R² -1. Column 1: targets 1, 7 (SST 18), SSE 5 -> 13/18.
        RegressionMetrics metrics = new RegressionMetrics(2);
        metrics.add(m(new double[][] {{1, 2}}), m(new double[][] {{1, 1}}));
        metrics.add(m(new double[][] {{3, 5}}), m(new double[][] {{2, 7}}));
        MetricValues v = metrics.values();
        assertEquals(1.5, v.get(MetricNames.MSE), EXACT);
        assertEquals(Math.sqrt(1.5), v.get(MetricNames.RMSE), EXACT);
        assertEquals(1.0, v.get(MetricNames.MAE), EXACT);
        assertEquals((-1 + 13.0 / 18) / 2, v.get(MetricNames.R2), 1e-15);
        assertEquals(2, metrics.examples());
        assertEquals("rmse 1.2247", metrics.progress());
        metrics.reset();
        assertEquals(0, metrics.examples());
    }

    @Test
    void rSquaredOfAConstantTargetIsOneWhenExactAndZeroOtherwise() {
        RegressionMetrics exact = new RegressionMetrics(1);
        exact.add(m(new double[][] {{3}, {3}}), m(new double[][] {{3}, {3}}));
        assertEquals(1.0, exact.values().get(MetricNames.R2), 0.0);
        RegressionMetrics off = new RegressionMetrics(1);
        off.add(m(new double[][] {{3}, {4}}), m(new double[][] {{3}, {3}}));
        assertEquals(0.0, off.values().get(MetricNames.R2), 0.0);
    }

    @Test
    void rSquaredStaysAccurateForTargetsFarFromZero() {
        // Targets 1e8 + {0, 1, 2}: SST 2; predictions off by 0.5, 0, 0.5: SSE 0.5; R² = 0.75. A
        // sum-of-squares formula (Σy² − n ȳ²) would lose every digit here.
        RegressionMetrics metrics = new RegressionMetrics(1);
        metrics.add(m(new double[][] {{1e8 + 0.5}, {1e8 + 1}, {1e8 + 1.5}}), m(new double[][] {{1e8}, {1e8 + 1}, {1e8 + 2}}));
        assertEquals(0.75, metrics.values().get(MetricNames.R2), 1e-12);
    }

    @Test
    void multiclass() {
        // true: 0 0 1 1 2 2; predicted (arg-max): 0 1 1 1 0 2.
        INDArray scores = m(new double[][] {{5, 1, 0}, {1, 2, 1.5}, {0, 3, 1}, {0, 1, 0}, {2, 0, 1.9}, {0, 0, 1}});
        INDArray targets = m(new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}});
        MulticlassMetrics metrics = new MulticlassMetrics(3, MetricAccumulator.Scope.EVALUATION);
        metrics.add(scores.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()), targets.get(NDArrayIndex.interval(0, 4),
                NDArrayIndex.all()));
        metrics.add(scores.get(NDArrayIndex.interval(4, 6), NDArrayIndex.all()), targets.get(NDArrayIndex.interval(4, 6),
                NDArrayIndex.all()));
        ClassificationReport report = metrics.report(java.util.List.of("a", "b", "c"));
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}, report.confusion());
        // precision: class 0 1/2, class 1 2/3, class 2 1/1; recall: 1/2, 2/2, 1/2.
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 1}, report.precision(), EXACT);
        assertArrayEquals(new double[] {0.5, 1, 0.5}, report.recall(), EXACT);
        assertArrayEquals(new double[] {0.5, 0.8, 2.0 / 3}, report.f1(), 1e-15);
        assertArrayEquals(new long[] {2, 2, 2}, report.support());
        MetricValues v = metrics.values();
        assertEquals(4.0 / 6, v.get(MetricNames.ACCURACY), EXACT);
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, v.get(MetricNames.MACRO_PRECISION), EXACT);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, v.get(MetricNames.MACRO_F1), 1e-15);
        assertEquals(v.get(MetricNames.MACRO_RECALL), v.get(MetricNames.WEIGHTED_RECALL), EXACT, "equal supports");
        // top-2: row 2 (true 1 scores 3, first) ... row 4 (true 2 scores 1.9, second after 2): all in the top 2
        // except row 1 (true 0 scores 1, third after 2 and 1.5).
        assertEquals(5.0 / 6, v.get(MetricNames.topK(2)), EXACT);
        assertTrue(report.table().contains("macro avg"));
        assertTrue(report.table().contains("2 c       1    0    1") || report.table().contains("2 c"), report.table());
    }

    @Test
    void weightedAveragesFollowTheSupportAndAbsentClassesScoreZero() {
        // true: 0 0 0 1; predicted: 0 0 1 1; class 2 never occurs.
        INDArray scores = m(new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}});
        INDArray targets = m(new double[][] {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0, 1, 0}});
        MulticlassMetrics metrics = new MulticlassMetrics(3, MetricAccumulator.Scope.EVALUATION);
        metrics.add(scores, targets);
        ClassificationReport report = metrics.report(null);
        // class 0: P 1, R 2/3, F1 0.8; class 1: P 1/2, R 1, F1 2/3; class 2: 0, 0, 0.
        assertEquals((1 + 0.5 + 0) / 3, report.macroPrecision(), EXACT);
        assertEquals((3 * 0.8 + 1 * 2.0 / 3) / 4, report.weightedF1(), 1e-15);
        assertEquals(0, report.f1()[2], 0.0);
    }

    @Test
    void topKRanksATieWithTheHigherClassFirst() {
        // Constant scores: class c ranks K-1-c, so with k = 2 of 5 only classes 3 and 4 count.
        MulticlassMetrics metrics = new MulticlassMetrics(5, MetricAccumulator.Scope.EVALUATION);
        INDArray targets = Nd4j.eye(5);
        metrics.add(Nd4j.zeros(5, 5), targets);
        assertEquals(2.0 / 5, metrics.values().get(MetricNames.topK(2)), EXACT);
    }

    @Test
    void trainingScopeCountsAccuracyAlone() {
        MulticlassMetrics metrics = new MulticlassMetrics(3, MetricAccumulator.Scope.TRAINING);
        metrics.add(m(new double[][] {{1, 0, 0}, {0, 0, 1}}), m(new double[][] {{1, 0, 0}, {0, 1, 0}}));
        assertEquals(java.util.Set.of(MetricNames.ACCURACY), metrics.values().names());
        assertEquals(0.5, metrics.values().get(MetricNames.ACCURACY), 0.0);
        assertEquals("acc 50.00%", metrics.progress());
        assertThrows(IllegalStateException.class, () -> metrics.report(null));
    }

    @Test
    void binary() {
        // logits -> σ: 2 (0.88), -0.5 (0.38), 0.3 (0.57), -2 (0.12), 1 (0.73); labels 1 0 0 0 1.
        // At 0.5: predicted 1 0 1 0 1 -> TP 2, FP 1, TN 2, FN 0.
        INDArray logits = m(new double[][] {{2}, {-0.5}, {0.3}, {-2}, {1}});
        INDArray labels = m(new double[][] {{1}, {0}, {0}, {0}, {1}});
        BinaryMetrics metrics = new BinaryMetrics(0.5, MetricAccumulator.Scope.EVALUATION);
        metrics.add(logits, labels);
        MetricValues v = metrics.values();
        assertEquals(0.8, v.get(MetricNames.ACCURACY), EXACT);
        assertEquals(2.0 / 3, v.get(MetricNames.PRECISION), EXACT);
        assertEquals(1.0, v.get(MetricNames.RECALL), EXACT);
        assertEquals(0.8, v.get(MetricNames.F1), 1e-15);
        assertEquals(1.0, v.get(MetricNames.ROC_AUC), 0.0, "both positives score above every negative");
        assertArrayEquals(new long[][] {{2, 1}, {0, 2}}, metrics.confusion());
        // At 0.7 (logit 0.847): predicted 1 0 0 0 1: all right.
        BinaryMetrics strict = new BinaryMetrics(0.7, MetricAccumulator.Scope.TRAINING);
        strict.add(logits, labels);
        assertEquals(1.0, strict.values().get(MetricNames.ACCURACY), 0.0);
        assertFalse(strict.values().has(MetricNames.ROC_AUC));
    }

    @Test
    void rocAucCountsTiesAsHalfAndIsUndefinedForOneClass() {
        // positives 0.8, 0.4; negatives 0.5, 0.1, 0.4: 0.8 beats 3, 0.4 beats 0.1, ties 0.4, loses to 0.5.
        assertEquals(4.5 / 6, RocAuc.of(new double[] {0.8, 0.4}, 2, new double[] {0.5, 0.1, 0.4}, 3), EXACT);
        assertEquals(0.5, RocAuc.of(new double[] {1, 1}, 2, new double[] {1, 1, 1}, 3), EXACT);
        assertTrue(Double.isNaN(RocAuc.of(new double[] {1}, 1, new double[0], 0)));
    }

    @Test
    void multiLabelOutputsCountEveryUnit() {
        // two units per example: decisions (1,0) vs (1,1) and (0,0) vs (0,1): 2 of 4 right, TP 1, FN 2.
        BinaryMetrics metrics = new BinaryMetrics(0.5, MetricAccumulator.Scope.TRAINING);
        metrics.add(m(new double[][] {{3, -1}, {-2, -3}}), m(new double[][] {{1, 1}, {0, 1}}));
        assertEquals(0.5, metrics.values().get(MetricNames.ACCURACY), 0.0);
        assertEquals(1.0 / 3, metrics.values().get(MetricNames.RECALL), EXACT);
    }

    @Test
    void mismatchedShapesAndUnknownNamesAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> new RegressionMetrics(2).add(Nd4j.zeros(3, 2), Nd4j.zeros(3, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegressionMetrics(1).values().get(MetricNames.ACCURACY));
        assertTrue(e.getMessage().contains("no metric 'accuracy'; the metrics are [mse, rmse, mae, r2]"), e.getMessage());
    }
}
