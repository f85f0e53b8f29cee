package dev.kiln.runtime.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Regression metrics over [n, K] predictions: MSE (the element mean of squared errors, the
 * {@code MEAN_SQUARED_ERROR} loss), its root, MAE, and R² = 1 − SSE/SST per output column averaged
 * over the columns (scikit-learn's {@code r2_score} with its default uniform average; a column whose
 * targets are constant scores 1 when predicted exactly and 0 otherwise, as scikit-learn does).
 * The target variance is accumulated with Welford's update, so R² stays accurate for targets far
 * from 0.
 */
public final class RegressionMetrics implements MetricAccumulator {
    private final int columns;
    private final long[] count;
    private final double[] squaredError;
    private final double[] absoluteError;
    private final double[] targetMean;
    private final double[] targetSquares;

    public RegressionMetrics(int columns) {
        this.columns = columns;
        count = new long[columns];
        squaredError = new double[columns];
        absoluteError = new double[columns];
        targetMean = new double[columns];
        targetSquares = new double[columns];
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    public void add(INDArray outputs, INDArray targets) {
        Shapes.requireSame(outputs, targets, columns);
        long n = outputs.size(0);
        for (int c = 0; c < columns; c++) {
            for (long row = 0; row < n; row++) {
                double y = targets.getDouble(row, c);
                double error = outputs.getDouble(row, c) - y;
                squaredError[c] += error * error;
                absoluteError[c] += Math.abs(error);
                long k = ++count[c];
                double delta = y - targetMean[c];
                targetMean[c] += delta / k;
                targetSquares[c] += delta * (y - targetMean[c]);
            }
        }
    }

    @Override
    public long examples() {
        return count[0];
    }

    @Override
    public MetricValues values() {
        double sse = 0;
        double sae = 0;
        double r2 = 0;
        for (int c = 0; c < columns; c++) {
            sse += squaredError[c];
            sae += absoluteError[c];
            r2 += r2(c);
        }
        double elements = (double) count[0] * columns;
        double mse = sse / elements;
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MetricNames.MSE, mse);
        values.put(MetricNames.RMSE, Math.sqrt(mse));
        values.put(MetricNames.MAE, sae / elements);
        values.put(MetricNames.R2, count[0] == 0 ? Double.NaN : r2 / columns);
        return new MetricValues(values);
    }

    private double r2(int c) {
        if (targetSquares[c] == 0) {
            return squaredError[c] == 0 ? 1 : 0;
        }
        return 1 - squaredError[c] / targetSquares[c];
    }

    /** Per column: the count, the squared and absolute error sums, the target mean and squared deviations. */
    @Override
    public double[] state() {
        double[] state = new double[5 * columns];
        for (int c = 0; c < columns; c++) {
            state[5 * c] = count[c];
            state[5 * c + 1] = squaredError[c];
            state[5 * c + 2] = absoluteError[c];
            state[5 * c + 3] = targetMean[c];
            state[5 * c + 4] = targetSquares[c];
        }
        return state;
    }

    @Override
    public void restore(double[] state) {
        Shapes.requireState(this, state, 5 * columns);
        for (int c = 0; c < columns; c++) {
            count[c] = (long) state[5 * c];
            squaredError[c] = state[5 * c + 1];
            absoluteError[c] = state[5 * c + 2];
            targetMean[c] = state[5 * c + 3];
            targetSquares[c] = state[5 * c + 4];
        }
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(squaredError, 0);
        java.util.Arrays.fill(absoluteError, 0);
        java.util.Arrays.fill(targetMean, 0);
        java.util.Arrays.fill(targetSquares, 0);
    }

    @Override
    public String progress() {
        double sse = 0;
        for (double e : squaredError) {
            sse += e;
        }
        return String.format(Locale.ROOT, "rmse %.4f", Math.sqrt(sse / ((double) count[0] * columns)));
    }
}
