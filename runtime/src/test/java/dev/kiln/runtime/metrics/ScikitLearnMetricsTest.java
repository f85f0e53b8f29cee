package dev.kiln.runtime.metrics;

import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every metric against scikit-learn's implementation on random data (with ties in the scores),
 * fed to Kiln in uneven batches so the accumulation across batches is checked too.
 */
class ScikitLearnMetricsTest {
    private static final double TOLERANCE = 1e-12;

    @TempDir
    static Path dir;
    private static Map<String, Double> expected;

    @BeforeAll
    static void reference() throws IOException {
        Python.with("numpy", "sklearn").run("""
                import numpy as np
                from sklearn import metrics as m
                rng = np.random.default_rng(12)
                out = {}
                # multi-class: 7 classes, noisy scores that mostly favour the true class
                k = 7
                y = rng.integers(0, k, size=500)
                scores = rng.normal(size=(500, k)) + 1.5 * np.eye(k)[y]
                scores[:40] = np.round(scores[:40])          # some ties
                np.save('mc_scores.npy', scores); np.save('mc_targets.npy', np.eye(k)[y])
                pred = scores.argmax(axis=1)
                labels = list(range(k))
                out['accuracy'] = m.accuracy_score(y, pred)
                out['top2_accuracy'] = m.top_k_accuracy_score(y, scores, k=2, labels=labels)
                for avg in ('macro', 'weighted'):
                    p, r, f, _ = m.precision_recall_fscore_support(y, pred, average=avg, labels=labels, zero_division=0)
                    out[avg + '_precision'], out[avg + '_recall'], out[avg + '_f1'] = p, r, f
                p, r, f, s = m.precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
                np.save('mc_per_class.npy', np.stack([p, r, f, s]))
                np.save('mc_confusion.npy', m.confusion_matrix(y, pred, labels=labels).astype(np.int64))
                # binary: logits, labels, ties
                yb = rng.integers(0, 2, size=400)
                logits = rng.normal(size=400) + 1.2 * yb
                logits[:60] = np.round(logits[:60] * 2) / 2
                np.save('b_logits.npy', logits.reshape(-1, 1)); np.save('b_targets.npy', yb.reshape(-1, 1).astype(float))
                pb = (1 / (1 + np.exp(-logits)) > 0.5).astype(int)
                out['b_accuracy'] = m.accuracy_score(yb, pb)
                out['b_precision'] = m.precision_score(yb, pb)
                out['b_recall'] = m.recall_score(yb, pb)
                out['b_f1'] = m.f1_score(yb, pb)
                out['b_roc_auc'] = m.roc_auc_score(yb, logits)
                # regression, two outputs on different scales
                yr = rng.normal(size=(300, 2)) * [1, 50] + [0, 1000]
                pr = yr + rng.normal(size=(300, 2)) * [0.5, 20]
                np.save('r_pred.npy', pr); np.save('r_targets.npy', yr)
                out['mse'] = m.mean_squared_error(yr, pr)
                out['rmse'] = np.sqrt(out['mse'])
                out['mae'] = m.mean_absolute_error(yr, pr)
                out['r2'] = m.r2_score(yr, pr)
                with open('expected.txt', 'w') as f:
                    for key, value in out.items():
                        f.write('%s %r\\n' % (key, float(value)))
                """, dir);
        expected = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("expected.txt"))) {
            String[] parts = line.split(" ");
            expected.put(parts[0], Double.parseDouble(parts[1]));
        }
    }

    private static INDArray read(String name) throws IOException {
        return Npy.read(dir.resolve(name)).castTo(DataType.DOUBLE);
    }

    /** Feeds the rows in batches of 7, 64, 1 and the rest. */
    private static void feed(MetricAccumulator metrics, INDArray outputs, INDArray targets) {
        long n = outputs.size(0);
        long[] cuts = {0, 7, 71, 72, n};
        for (int i = 0; i + 1 < cuts.length; i++) {
            metrics.add(outputs.get(NDArrayIndex.interval(cuts[i], cuts[i + 1]), NDArrayIndex.all()),
                    targets.get(NDArrayIndex.interval(cuts[i], cuts[i + 1]), NDArrayIndex.all()));
        }
    }

    @Test
    void multiclassAgreesWithScikitLearn() throws IOException {
        MulticlassMetrics metrics = new MulticlassMetrics(7, MetricAccumulator.Scope.EVALUATION);
        feed(metrics, read("mc_scores.npy"), read("mc_targets.npy"));
        MetricValues v = metrics.values();
        for (String name : new String[] {MetricNames.ACCURACY, MetricNames.topK(2), MetricNames.MACRO_PRECISION,
                MetricNames.MACRO_RECALL, MetricNames.MACRO_F1, MetricNames.WEIGHTED_PRECISION, MetricNames.WEIGHTED_RECALL,
                MetricNames.WEIGHTED_F1}) {
            assertEquals(expected.get(name), v.get(name), TOLERANCE, name);
        }
        ClassificationReport report = metrics.report(null);
        INDArray perClass = read("mc_per_class.npy");
        assertArrayEquals(perClass.getRow(0).toDoubleVector(), report.precision(), TOLERANCE);
        assertArrayEquals(perClass.getRow(1).toDoubleVector(), report.recall(), TOLERANCE);
        assertArrayEquals(perClass.getRow(2).toDoubleVector(), report.f1(), TOLERANCE);
        INDArray confusion = Npy.read(dir.resolve("mc_confusion.npy"));
        for (int t = 0; t < 7; t++) {
            assertArrayEquals(confusion.getRow(t).toLongVector(), report.confusion()[t], "confusion row " + t);
        }
    }

    @Test
    void binaryAgreesWithScikitLearn() throws IOException {
        BinaryMetrics metrics = new BinaryMetrics(0.5, MetricAccumulator.Scope.EVALUATION);
        feed(metrics, read("b_logits.npy"), read("b_targets.npy"));
        MetricValues v = metrics.values();
        for (String name : new String[] {MetricNames.ACCURACY, MetricNames.PRECISION, MetricNames.RECALL, MetricNames.F1,
                MetricNames.ROC_AUC}) {
            assertEquals(expected.get("b_" + name), v.get(name), TOLERANCE, name);
        }
    }

    @Test
    void regressionAgreesWithScikitLearn() throws IOException {
        RegressionMetrics metrics = new RegressionMetrics(2);
        feed(metrics, read("r_pred.npy"), read("r_targets.npy"));
        MetricValues v = metrics.values();
        for (String name : new String[] {MetricNames.MSE, MetricNames.RMSE, MetricNames.MAE, MetricNames.R2}) {
            assertEquals(expected.get(name), v.get(name), TOLERANCE * Math.max(1, Math.abs(expected.get(name))), name);
        }
    }
}
