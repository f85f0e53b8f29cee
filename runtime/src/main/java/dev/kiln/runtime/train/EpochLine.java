package dev.kiln.runtime.train;

import dev.kiln.runtime.metrics.MetricNames;
import dev.kiln.runtime.metrics.MetricValues;
import dev.kiln.runtime.metrics.Task;

import java.util.Locale;

/**
 * The line the trainer prints after each epoch: the training and held-out loss with the metrics
 * that fit on one line for the task (accuracy for a classifier, with ROC AUC on the held-out data
 * for a binary one; RMSE for a regression, with MAE and R² on the held-out data), then the time.
 */
final class EpochLine {
    private EpochLine() {
    }

    static String of(String task, Task kind, EpochResult r) {
        StringBuilder line = new StringBuilder(task);
        line.append(String.format(Locale.ROOT, "  train loss %.4f", r.trainLoss())).append(metric(kind, r.trainMetrics(), false));
        if (!Double.isNaN(r.testLoss())) {
            line.append(String.format(Locale.ROOT, "  test loss %.4f", r.testLoss())).append(metric(kind, r.testMetrics(), true));
        }
        if (r.skippedSteps() > 0) {
            line.append("  skipped ").append(r.skippedSteps()).append(" non-finite steps");
        }
        return line.append(String.format(Locale.ROOT, "  %.1fs", r.seconds())).toString();
    }

    private static String metric(Task kind, MetricValues values, boolean heldOut) {
        return switch (kind) {
            case MULTICLASS -> String.format(Locale.ROOT, "  acc %6.2f%%", 100 * values.getOrNaN(MetricNames.ACCURACY));
            case BINARY -> String.format(Locale.ROOT, "  acc %6.2f%%", 100 * values.getOrNaN(MetricNames.ACCURACY))
                    + (heldOut ? String.format(Locale.ROOT, "  auc %.4f", values.getOrNaN(MetricNames.ROC_AUC)) : "");
            case REGRESSION -> String.format(Locale.ROOT, "  rmse %.4f", values.getOrNaN(MetricNames.RMSE))
                    + (heldOut ? String.format(Locale.ROOT, "  mae %.4f  r2 %.4f", values.getOrNaN(MetricNames.MAE),
                    values.getOrNaN(MetricNames.R2)) : "");
        };
    }
}
