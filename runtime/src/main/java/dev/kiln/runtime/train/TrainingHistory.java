package dev.kiln.runtime.train;

import java.util.List;

/** The results of every epoch of a {@link Trainer#fit} run, in order. */
public record TrainingHistory(List<EpochResult> epochs) {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch's results. */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epochs were run");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** Steps skipped for non-finite values over all epochs. */
    public int skippedSteps() {
        return epochs.stream().mapToInt(EpochResult::skippedSteps).sum();
    }

    public int size() {
        return epochs.size();
    }

    /** The training value of metric {@code name} (a {@link dev.kiln.runtime.metrics.MetricNames} constant) per epoch. */
    public double[] trainMetric(String name) {
        return epochs.stream().mapToDouble(e -> e.trainMetrics().get(name)).toArray();
    }

    /** The held-out value of metric {@code name} per epoch; an error when an epoch had no held-out data. */
    public double[] testMetric(String name) {
        return epochs.stream().mapToDouble(e -> e.testMetrics().get(name)).toArray();
    }

    /** One row per epoch: the losses, every training and held-out metric, and the time, as plain text. */
    public String table() {
        return HistoryTable.render(epochs);
    }
}
