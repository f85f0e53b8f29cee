package dev.kiln.ir;

import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.ScheduleType;

/** The optimizer a model declares (see {@link dev.kiln.dsl.Training}); NaN marks an unset number. */
public record TrainingSpec(OptimizerType optimizer, double learningRate, double weightDecay, double clipGlobalNorm,
                           ScheduleType schedule, long warmupSteps, long horizonSteps) {

    public static final TrainingSpec DEFAULT =
            new TrainingSpec(OptimizerType.SGD, Double.NaN, 0, Double.NaN, ScheduleType.CONSTANT, 0, 0);

    /** For example {@code ADAMW lr 0.001, weight decay 0.01, cosine over 10000 steps after 500 warmup steps}. */
    public String describe() {
        String text = optimizer + (Double.isNaN(learningRate) ? " at its default learning rate" : " lr " + Numbers.significant(learningRate));
        text += weightDecay == 0 ? "" : ", weight decay " + Numbers.significant(weightDecay);
        text += Double.isNaN(clipGlobalNorm) ? "" : ", global-norm clipping at " + Numbers.compact(clipGlobalNorm);
        text += schedule == ScheduleType.CONSTANT ? "" : ", " + schedule.name().toLowerCase(java.util.Locale.ROOT) + " over "
                + horizonSteps + " steps";
        return warmupSteps == 0 ? text : text + " after " + warmupSteps + " warmup steps";
    }
}
