package dev.kiln.processor.read;

import dev.kiln.dsl.Lints;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.ScheduleType;
import dev.kiln.dsl.Training;
import dev.kiln.ir.TrainingSpec;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import java.util.Optional;

/**
 * Reads {@code @Model(training = @Training(...))}: the default optimizer and schedule. Values the
 * optimizer cannot use are errors at the attribute; an optimizer whose weight decay is the L2 penalty
 * while a decoupled variant exists (Adam) gets the hint to that variant. What each optimizer takes
 * and decays comes from {@link OptimizerType}, the one place that states it.
 */
final class TrainingReader {
    private TrainingReader() {
    }

    /** @return the spec, or null after reporting errors */
    static TrainingSpec read(AnnotationValues model, TypeElement type, AnnotationMirror modelMirror, ReadContext context) {
        AnnotationValues values = model.getAnnotation("training", Training.class);
        Optional<AnnotationMirror> nested = AnnotationSites.nested(modelMirror, "training");
        if (nested.isPresent() && !NumberAttributes.check(type, nested.get(), "the training options of model " + context.modelName(),
                context.diagnostics())) {
            return null;
        }
        Site fallback = AnnotationSites.attribute(type, modelMirror, "training");
        OptimizerType optimizer = values.getEnum("optimizer", OptimizerType.class);
        double learningRate = values.getDouble("learningRate");
        double weightDecay = values.getDouble("weightDecay");
        double clip = values.getDouble("clipGlobalNorm");
        ScheduleType schedule = values.getEnum("schedule", ScheduleType.class);
        long warmup = values.getLong("warmupSteps");
        long horizon = values.getLong("horizonSteps");
        Problems problems = new Problems(type, nested, fallback, context);
        problems.require(Double.isNaN(learningRate) || learningRate > 0 && Double.isFinite(learningRate), "learningRate",
                "learningRate = " + Numbers.compact(learningRate) + " must be positive", "use e.g. 1e-3, or leave it unset for the optimizer's default");
        problems.require(!optimizer.takesLearningRate() || optimizer.defaultLearningRate().isPresent() || !Double.isNaN(learningRate),
                "optimizer", optimizer + " has no default learning rate", "give learningRate, e.g. 0.1");
        problems.require(optimizer.takesLearningRate() || Double.isNaN(learningRate) && schedule == ScheduleType.CONSTANT && warmup == 0,
                "optimizer", optimizer + " adapts a step per weight and has no learning rate for learningRate or a schedule to scale",
                "remove learningRate, schedule and warmupSteps, or choose another optimizer");
        problems.require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay",
                "weightDecay = " + Numbers.compact(weightDecay) + " must be 0 or positive", "use e.g. 0.01");
        problems.require(Double.isNaN(clip) || clip > 0, "clipGlobalNorm",
                "clipGlobalNorm = " + Numbers.compact(clip) + " must be positive", "use e.g. 1.0, or leave it unset");
        problems.require(warmup >= 0 && horizon >= 0, warmup < 0 ? "warmupSteps" : "horizonSteps",
                "step counts must not be negative", "use 0 or a positive number of steps");
        problems.require(schedule == ScheduleType.CONSTANT || horizon > 0, "horizonSteps",
                "schedule " + schedule + " needs horizonSteps, the number of steps it runs over", "e.g. horizonSteps = epochs * batches per epoch");
        problems.require(horizon <= 0 || horizon >= schedule.minimumHorizon(), "horizonSteps",
                "schedule " + schedule + " needs horizonSteps of at least " + schedule.minimumHorizon() + ", a rising and a falling phase of "
                        + "one step or more, but has " + horizon, "e.g. horizonSteps = epochs * batches per epoch");
        if (problems.found) {
            return null;
        }
        Optional<OptimizerType> decoupled = optimizer.decoupledVariant();
        if (decoupled.isPresent() && weightDecay > 0) {
            context.diagnostics().report(Message.ADAM_L2, Lints.ADAM_L2, problems.site("weightDecay"),
                    "use optimizer = OptimizerType." + decoupled.get() + ", which decays the weights directly; suppress with "
                            + "@SuppressWarnings(Lints.ADAM_L2)", context.modelName(), Numbers.compact(weightDecay));
        }
        return new TrainingSpec(optimizer, learningRate, weightDecay, clip, schedule, warmup, horizon);
    }

    /** Reports problems with the nested annotation at the attribute that causes them. */
    private static final class Problems {
        private final TypeElement type;
        private final Optional<AnnotationMirror> nested;
        private final Site fallback;
        private final ReadContext context;
        private boolean found;

        Problems(TypeElement type, Optional<AnnotationMirror> nested, Site fallback, ReadContext context) {
            this.type = type;
            this.nested = nested;
            this.fallback = fallback;
            this.context = context;
        }

        void require(boolean valid, String attribute, String problem, String hint) {
            if (!valid) {
                found = true;
                context.diagnostics().report(Message.TRAINING_OPTIONS, site(attribute), hint, context.modelName(), problem);
            }
        }

        Site site(String attribute) {
            return nested.filter(mirror -> AnnotationSites.isExplicit(mirror, attribute))
                    .map(mirror -> AnnotationSites.attribute(type, mirror, attribute)).orElse(fallback);
        }
    }
}
