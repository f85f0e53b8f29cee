package dev.kiln.runtime.metrics;

import dev.kiln.runtime.kernels.Metrics;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multi-class metrics over [n, K] scores (logits) and one-hot targets. The predicted class is the
 * arg-max of the scores, the true class the arg-max of the target (ties to the lowest column), as
 * {@code Metrics.correct} counts them. For evaluation it keeps the confusion matrix (rows true,
 * columns predicted) and the top-k count: an example counts when its true class ranks among the k
 * highest scores, a tie ranking the higher class index first, as scikit-learn's
 * {@code top_k_accuracy_score} sorts (so constant scores score k/K, not 1); k = 5 for ten or more
 * classes and 2 for fewer (none for 2 classes, where top-2 is always 1).
 */
public final class MulticlassMetrics implements MetricAccumulator {
    private final int classes;
    private final Scope scope;
    private final int topK;
    private final long[][] confusion;
    private long correct;
    private long topKCorrect;
    private long examples;
    private int[] predicted = new int[0];
    private int[] actual = new int[0];

    public MulticlassMetrics(int classes, Scope scope) {
        if (classes < 2) {
            throw new IllegalArgumentException("multi-class metrics need at least 2 classes, got " + classes);
        }
        this.classes = classes;
        this.scope = scope;
        this.topK = classes >= 10 ? 5 : classes > 2 ? 2 : 0;
        this.confusion = new long[classes][classes];
    }

    @Override
    public Task task() {
        return Task.MULTICLASS;
    }

    /** The k of the top-k accuracy, 0 for none. */
    public int topK() {
        return topK;
    }

    @Override
    public void add(INDArray outputs, INDArray targets) {
        Shapes.requireSame(outputs, targets, classes);
        int n = (int) outputs.size(0);
        examples += n;
        if (scope == Scope.TRAINING) {
            correct += Metrics.correct(outputs, targets);
            return;
        }
        if (predicted.length < n) {
            predicted = new int[n];
            actual = new int[n];
        }
        Metrics.argMaxRows(outputs, targets, predicted, actual);
        for (int row = 0; row < n; row++) {
            confusion[actual[row]][predicted[row]]++;
            if (predicted[row] == actual[row]) {
                correct++;
            }
            if (topK > 0 && rank(outputs, row, actual[row]) < topK) {
                topKCorrect++;
            }
        }
    }

    /** 0-based rank of the true class's score in the row: classes above it, equal ones of higher index included. */
    private int rank(INDArray outputs, int row, int trueClass) {
        double score = outputs.getDouble(row, trueClass);
        int above = 0;
        for (int c = 0; c < classes; c++) {
            double other = outputs.getDouble(row, c);
            if (other > score || (other == score && c > trueClass)) {
                above++;
            }
        }
        return above;
    }

    @Override
    public long examples() {
        return examples;
    }

    @Override
    public MetricValues values() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MetricNames.ACCURACY, (double) correct / examples);
        if (scope == Scope.EVALUATION) {
            if (topK > 0) {
                values.put(MetricNames.topK(topK), (double) topKCorrect / examples);
            }
            ClassificationReport report = report(null);
            values.put(MetricNames.MACRO_PRECISION, report.macroPrecision());
            values.put(MetricNames.MACRO_RECALL, report.macroRecall());
            values.put(MetricNames.MACRO_F1, report.macroF1());
            values.put(MetricNames.WEIGHTED_PRECISION, report.weightedPrecision());
            values.put(MetricNames.WEIGHTED_RECALL, report.weightedRecall());
            values.put(MetricNames.WEIGHTED_F1, report.weightedF1());
        }
        return new MetricValues(values);
    }

    /** The per-class report and confusion matrix (evaluation scope only); {@code classNames} may be null. */
    public ClassificationReport report(List<String> classNames) {
        if (scope != Scope.EVALUATION) {
            throw new IllegalStateException("a training-scope accumulator counts correct predictions only");
        }
        long[][] copy = new long[classes][];
        for (int c = 0; c < classes; c++) {
            copy[c] = confusion[c].clone();
        }
        return ClassificationReport.of(copy, classNames);
    }

    @Override
    public double[] state() {
        Shapes.requireTrainingScope(scope);
        return new double[] {correct, examples};
    }

    @Override
    public void restore(double[] state) {
        Shapes.requireTrainingScope(scope);
        Shapes.requireState(this, state, 2);
        correct = (long) state[0];
        examples = (long) state[1];
    }

    @Override
    public void reset() {
        for (long[] row : confusion) {
            Arrays.fill(row, 0);
        }
        correct = 0;
        topKCorrect = 0;
        examples = 0;
    }

    @Override
    public String progress() {
        return String.format(Locale.ROOT, "acc %.2f%%", 100.0 * correct / examples);
    }
}
