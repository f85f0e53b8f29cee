package dev.kiln.runtime.data;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The class of every example of a classification dataset, read from its targets: the column of the
 * largest value for one-hot (or soft) targets {@code [N, K]}, K ≥ 2 (ties to the lowest column);
 * 1 where the value is above 0.5 for a single binary column. What stratified splits and balanced
 * sampling group the examples by.
 */
final class ClassLabels {
    private ClassLabels() {
    }

    /** The class of each example. */
    static int[] of(Dataset data) {
        INDArray targets = data.targets();
        int n = data.size();
        int k = data.targetColumns();
        int[] labels = new int[n];
        double[] row = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                row[c] = targets.getDouble(i, c);
            }
            labels[i] = k == 1 ? (row[0] > 0.5 ? 1 : 0) : argMax(row);
        }
        return labels;
    }

    /** Number of classes the labels can take: K, or 2 for one binary column. */
    static int count(Dataset data) {
        return Math.max(2, data.targetColumns());
    }

    private static int argMax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The examples of each class, in dataset order. */
    static List<int[]> members(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        List<int[]> members = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            members.add(new int[counts[c]]);
        }
        int[] filled = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            members.get(labels[i])[filled[labels[i]]++] = i;
        }
        return members;
    }
}
