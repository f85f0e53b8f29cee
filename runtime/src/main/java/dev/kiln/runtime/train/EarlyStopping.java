package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import java.util.Locale;

/**
 * Stops a fit when the monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row and, unless turned off, puts back the weights and state buffers
 * of the best epoch when the fit ends (stopped or not).
 * {@code Trainer.of(net).listener(EarlyStopping.on(Monitor.TEST_LOSS).patience(3).minDelta(1e-4))}.
 */
public final class EarlyStopping implements TrainingListener {
    private final Monitor monitor;
    private int patience = 5;
    private double minDelta;
    private boolean restoreBest = true;

    private @Nullable ModelSnapshot best;
    private double bestValue = Double.NaN;
    private int bestEpoch;
    private int epochsWithoutImprovement;

    private EarlyStopping(Monitor monitor) {
        this.monitor = monitor;
    }

    public static EarlyStopping on(Monitor monitor) {
        return new EarlyStopping(monitor);
    }

    /** Epochs without improvement tolerated before stopping; 5 unless set. */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("patience must not be negative, got " + epochs);
        }
        patience = epochs;
        return this;
    }

    /** The least change that counts as an improvement; 0 unless set. */
    public EarlyStopping minDelta(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("min delta must not be negative, got " + value);
        }
        minDelta = value;
        return this;
    }

    /** Whether the best epoch's weights are put back at the end of the fit; on unless set. */
    public EarlyStopping restoreBestWeights(boolean on) {
        restoreBest = on;
        return this;
    }

    /** The epoch with the best monitored value so far, 0 before the first. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestValue() {
        return bestValue;
    }

    @Override
    public void onFitStart(TrainingContext context) {
        best = restoreBest ? new ModelSnapshot(context.net()) : null;
        bestValue = Double.NaN;
        bestEpoch = 0;
        epochsWithoutImprovement = 0;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult result) {
        double value = monitor.value(result);
        if (monitor.improves(value, bestValue, minDelta)) {
            bestValue = value;
            bestEpoch = result.epoch();
            epochsWithoutImprovement = 0;
            if (best != null) {
                best.capture();
            }
        } else if (++epochsWithoutImprovement > patience) {
            context.stop(String.format(Locale.ROOT, "%s did not improve by more than %s for %d epochs (best %.6g at epoch %d)",
                    monitor, minDelta, epochsWithoutImprovement, bestValue, bestEpoch));
        }
    }

    @Override
    public void onFitEnd(TrainingContext context, TrainingHistory history) {
        if (best != null && bestEpoch > 0 && bestEpoch != history.last().epoch()) {
            best.restore();
        }
    }
}
