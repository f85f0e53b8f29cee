package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/** The state of {@link ReduceOnPlateau} in one optimizer: the multiplier and what decides its next change. */
final class PlateauTracker {
    private static final String PREFIX = "plateau.";

    private final ReduceOnPlateau rule;
    private double multiplier = 1;
    private double best = Double.POSITIVE_INFINITY;
    private int badEvaluations;
    private int cooldownLeft;
    private double lossAverage;
    private long losses;

    PlateauTracker(ReduceOnPlateau rule) {
        this.rule = rule;
    }

    double multiplier() {
        return multiplier;
    }

    void observeLoss(double loss) {
        lossAverage = ReduceOnPlateau.LOSS_AVERAGE_DECAY * lossAverage + (1 - ReduceOnPlateau.LOSS_AVERAGE_DECAY) * loss;
        losses++;
    }

    /** The bias-corrected training-loss average, NaN before the first loss. */
    double trainingLossAverage() {
        return losses == 0 ? Double.NaN : lossAverage / (1 - Math.pow(ReduceOnPlateau.LOSS_AVERAGE_DECAY, losses));
    }

    /** One evaluation at an epoch end; a NaN monitored value (nothing to monitor yet) is skipped. */
    void evaluate(double validationLoss, double baseLearningRate) {
        double value = Double.isNaN(validationLoss) || rule.trainingLossOnly() ? trainingLossAverage() : validationLoss;
        if (Double.isNaN(value)) {
            return;
        }
        if (value < best * (1 - rule.threshold())) {
            best = value;
            badEvaluations = 0;
        } else {
            badEvaluations++;
        }
        if (cooldownLeft > 0) {
            // Right after a reduction the monitored value needs time to respond: not counted.
            cooldownLeft--;
            badEvaluations = 0;
        }
        if (badEvaluations > rule.patience()) {
            multiplier = Math.max(multiplier * rule.factor(), rule.minLearningRate() / baseLearningRate);
            badEvaluations = 0;
            cooldownLeft = rule.cooldown();
        }
    }

    void save(Map<String, INDArray> into) {
        into.put(PREFIX + "multiplier", Nd4j.scalar(multiplier));
        into.put(PREFIX + "best", Nd4j.scalar(best));
        into.put(PREFIX + "badEvaluations", Nd4j.scalar((long) badEvaluations));
        into.put(PREFIX + "cooldownLeft", Nd4j.scalar((long) cooldownLeft));
        into.put(PREFIX + "lossAverage", Nd4j.scalar(lossAverage));
        into.put(PREFIX + "losses", Nd4j.scalar(losses));
    }

    /** Restores what {@link #save} wrote. */
    void load(StateReader state) {
        multiplier = state.doubleValue(PREFIX + "multiplier");
        best = state.doubleValue(PREFIX + "best");
        badEvaluations = (int) state.longValue(PREFIX + "badEvaluations");
        cooldownLeft = (int) state.longValue(PREFIX + "cooldownLeft");
        lossAverage = state.doubleValue(PREFIX + "lossAverage");
        losses = state.longValue(PREFIX + "losses");
    }

    @Override
    public String toString() {
        return rule.toString();
    }
}
