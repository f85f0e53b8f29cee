package dev.kiln.runtime.train;

import java.util.function.ToDoubleFunction;

/** An epoch metric that early stopping and best-checkpoint saving watch, and which way is better. */
public enum Monitor {
    TEST_LOSS(EpochResult::testLoss, false),
    TEST_ACCURACY(EpochResult::testAccuracy, true),
    TRAIN_LOSS(EpochResult::trainLoss, false),
    TRAIN_ACCURACY(EpochResult::trainAccuracy, true);

    private final ToDoubleFunction<EpochResult> metric;
    private final boolean higherIsBetter;

    Monitor(ToDoubleFunction<EpochResult> metric, boolean higherIsBetter) {
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
    }

    /** The monitored value of an epoch; an error naming the metric when it is NaN (no held-out data). */
    public double value(EpochResult result) {
        double value = metric.applyAsDouble(result);
        if (Double.isNaN(value)) {
            throw new IllegalStateException(this + " is NaN at epoch " + result.epoch() + (this == TEST_LOSS
                    || this == TEST_ACCURACY ? ": fit(train, test) needs held-out data to monitor it" : ""));
        }
        return value;
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta}; any value improves on NaN. */
    public boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(best)) {
            return true;
        }
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }
}
