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
}
