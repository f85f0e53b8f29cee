package dev.kiln.dsl;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The optimizer and schedule a model trains with by default: the value of {@link Model#training()}.
 * The generated class builds it in {@code defaultOptimizer()}, and {@code trainStep(x, y)} and the
 * trainer use it when no other optimizer is given.
 *
 * <pre>{@code
 * @Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY,
 *        training = @Training(optimizer = OptimizerType.ADAMW, learningRate = 1e-3, weightDecay = 0.01,
 *                             schedule = ScheduleType.COSINE, warmupSteps = 500, horizonSteps = 10_000))
 * }</pre>
 */
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Training {
    OptimizerType optimizer() default OptimizerType.SGD;

    /** Base learning rate; NaN means the optimizer's default (LARS has none and needs one). */
    double learningRate() default Double.NaN;

    /** Weight decay: decoupled for the optimizers that have a decoupled form, the L2 penalty otherwise. */
    double weightDecay() default 0;

    /** Rescales all gradients together when their global norm exceeds this; NaN means no clipping. */
    double clipGlobalNorm() default Double.NaN;

    ScheduleType schedule() default ScheduleType.CONSTANT;

    /** Linear warmup steps in front of the schedule. */
    long warmupSteps() default 0;

    /** Steps over which the schedule runs (required for every schedule but CONSTANT). */
    long horizonSteps() default 0;
}
