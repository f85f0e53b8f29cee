package dev.kiln.runtime.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Binary metrics over [n, K] logits (the binary cross-entropy loss's outputs) and targets in
 * {0, 1} (a target above 0.5 is positive). The model predicts positive when its probability
 * σ(logit) is above the threshold t (0.5 unless set), tested as logit &gt; log(t / (1 − t)) so no
 * exponential is taken; at 0.5 that is logit &gt; 0, as the training accuracy counts. Accuracy, precision, recall and F1
 * are those of the positive class; ROC AUC (evaluation scope) is the probability that a random
 * positive scores above a random negative, ties counting one half, as scikit-learn's
 * {@code roc_auc_score}; it is NaN when only one class is present. With K &gt; 1 (multi-label) every
 * unit's decision is one example of the counts (micro average).
 */
public final class BinaryMetrics implements MetricAccumulator {
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final double threshold;
    private final double logitThreshold;
    private final Scope scope;
    private long truePositive;
    private long falsePositive;
    private long trueNegative;
    private long falseNegative;
    private long examples;
    private double[] positiveScores = new double[0];
    private double[] negativeScores = new double[0];

    public BinaryMetrics(double threshold, Scope scope) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("a probability threshold is in (0, 1), got " + threshold);
        }
        this.threshold = threshold;
        this.logitThreshold = Math.log(threshold / (1 - threshold));
        this.scope = scope;
    }

    @Override
    public Task task() {
        return Task.BINARY;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public void add(INDArray outputs, INDArray targets) {
        Shapes.requireSame(outputs, targets, (int) outputs.size(1));
        long n = outputs.size(0);
        long k = outputs.size(1);
        examples += n;
        for (long row = 0; row < n; row++) {
            for (long c = 0; c < k; c++) {
                double logit = outputs.getDouble(row, c);
                boolean positive = targets.getDouble(row, c) > 0.5;
                boolean predicted = logit > logitThreshold;
                if (positive) {
                    if (predicted) {
                        truePositive++;
                    } else {
                        falseNegative++;
                    }
                } else if (predicted) {
                    falsePositive++;
                } else {
                    trueNegative++;
                }
                if (scope == Scope.EVALUATION) {
                    keep(positive, logit);
                }
            }
        }
    }

    /** Keeps the score for the AUC; the arrays grow in the first epoch and are reused after. */
    private void keep(boolean positive, double logit) {
        if (positive) {
            int at = (int) (truePositive + falseNegative) - 1;
            if (at >= positiveScores.length) {
                positiveScores = Arrays.copyOf(positiveScores, Math.max(1024, 2 * positiveScores.length));
            }
            positiveScores[at] = logit;
        } else {
            int at = (int) (trueNegative + falsePositive) - 1;
            if (at >= negativeScores.length) {
                negativeScores = Arrays.copyOf(negativeScores, Math.max(1024, 2 * negativeScores.length));
            }
            negativeScores[at] = logit;
        }
    }

    @Override
    public long examples() {
        return examples;
    }

    @Override
    public MetricValues values() {
        long decisions = truePositive + falsePositive + trueNegative + falseNegative;
        double precision = ClassificationReport.ratio(truePositive, truePositive + falsePositive);
        double recall = ClassificationReport.ratio(truePositive, truePositive + falseNegative);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MetricNames.ACCURACY, (double) (truePositive + trueNegative) / decisions);
        values.put(MetricNames.PRECISION, precision);
        values.put(MetricNames.RECALL, recall);
        values.put(MetricNames.F1, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        if (scope == Scope.EVALUATION) {
            values.put(MetricNames.ROC_AUC, RocAuc.of(positiveScores, (int) (truePositive + falseNegative), negativeScores,
                    (int) (trueNegative + falsePositive)));
        }
        return new MetricValues(values);
    }

    /** {@code [[TN, FP], [FN, TP]]}: rows the true class (negative, positive), columns the predicted one. */
    public long[][] confusion() {
        return new long[][] {{trueNegative, falsePositive}, {falseNegative, truePositive}};
    }

    @Override
    public double[] state() {
        Shapes.requireTrainingScope(scope);
        return new double[] {truePositive, falsePositive, trueNegative, falseNegative, examples};
    }

    @Override
    public void restore(double[] state) {
        Shapes.requireTrainingScope(scope);
        Shapes.requireState(this, state, 5);
        truePositive = (long) state[0];
        falsePositive = (long) state[1];
        trueNegative = (long) state[2];
        falseNegative = (long) state[3];
        examples = (long) state[4];
    }

    @Override
    public void reset() {
        truePositive = 0;
        falsePositive = 0;
        trueNegative = 0;
        falseNegative = 0;
        examples = 0;
    }

    @Override
    public String progress() {
        long decisions = truePositive + falsePositive + trueNegative + falseNegative;
        return String.format(Locale.ROOT, "acc %.2f%%", 100.0 * (truePositive + trueNegative) / decisions);
    }
}
