package dev.kiln.runtime.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-class precision, recall, F1 and support from a confusion matrix (rows: true class, columns:
 * predicted), with their macro averages (every class weighs the same, classes without examples
 * included) and weighted averages (by support), as scikit-learn's {@code classification_report}
 * computes them with {@code labels=range(K)}. A precision or recall whose denominator is 0 is 0, and
 * so is the F1 that depends on it (scikit-learn's default, without the warning).
 */
public record ClassificationReport(List<String> classNames, long[][] confusion, double[] precision, double[] recall,
                                   double[] f1, long[] support) {

    static ClassificationReport of(long[][] confusion, List<String> names) {
        int k = confusion.length;
        List<String> classNames = names != null ? List.copyOf(names) : defaultNames(k);
        if (classNames.size() != k) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + k + " classes");
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long[] support = new long[k];
        for (int c = 0; c < k; c++) {
            long truePositive = confusion[c][c];
            long predicted = 0;
            for (long[] row : confusion) {
                predicted += row[c];
            }
            for (long count : confusion[c]) {
                support[c] += count;
            }
            precision[c] = ratio(truePositive, predicted);
            recall[c] = ratio(truePositive, support[c]);
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        return new ClassificationReport(classNames, confusion, precision, recall, f1, support);
    }

    // The accessors hand out copies: a report is a fixed record of one evaluation.
    @Override
    public long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int c = 0; c < copy.length; c++) {
            copy[c] = confusion[c].clone();
        }
        return copy;
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public long[] support() {
        return support.clone();
    }

    private static List<String> defaultNames(int k) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    public int classes() {
        return confusion.length;
    }

    public long examples() {
        long total = 0;
        for (long s : support) {
            total += s;
        }
        return total;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes(); c++) {
            correct += confusion[c][c];
        }
        return ratio(correct, examples());
    }

    public double macroPrecision() {
        return mean(precision);
    }

    public double macroRecall() {
        return mean(recall);
    }

    public double macroF1() {
        return mean(f1);
    }

    public double weightedPrecision() {
        return weighted(precision);
    }

    public double weightedRecall() {
        return weighted(recall);
    }

    public double weightedF1() {
        return weighted(f1);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private double weighted(double[] values) {
        double sum = 0;
        for (int c = 0; c < values.length; c++) {
            sum += values[c] * support[c];
        }
        return examples() == 0 ? 0 : sum / examples();
    }

    /** The per-class table with both averages, then the confusion matrix, as plain text. */
    public String table() {
        int width = Math.max(12, classNames.stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder out = new StringBuilder();
        String row = "%-" + width + "s %9s %9s %9s %9s%n";
        out.append(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < classes(); c++) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %9.4f %9.4f %9.4f %9d%n", classNames.get(c),
                    precision[c], recall[c], f1[c], support[c]));
        }
        out.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), examples()));
        out.append(String.format(Locale.ROOT, "%-" + width + "s %9.4f %9.4f %9.4f %9d%n", "macro avg", macroPrecision(),
                macroRecall(), macroF1(), examples()));
        out.append(String.format(Locale.ROOT, "%-" + width + "s %9.4f %9.4f %9.4f %9d%n", "weighted avg",
                weightedPrecision(), weightedRecall(), weightedF1(), examples()));
        out.append("\nconfusion matrix (rows: true class, columns: predicted)\n");
        long largest = 1;
        for (long[] r : confusion) {
            for (long v : r) {
                largest = Math.max(largest, v);
            }
        }
        int cell = Math.max(Long.toString(largest).length(), Integer.toString(classes() - 1).length()) + 1;
        out.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
        for (int c = 0; c < classes(); c++) {
            out.append(String.format(Locale.ROOT, "%" + cell + "d", c));
        }
        out.append('\n');
        for (int t = 0; t < classes(); t++) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s", t + " " + classNames.get(t)));
            for (int p = 0; p < classes(); p++) {
                out.append(String.format(Locale.ROOT, "%" + cell + "d", confusion[t][p]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return table();
    }
}
