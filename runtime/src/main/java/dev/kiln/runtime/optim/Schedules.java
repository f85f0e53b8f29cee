package dev.kiln.runtime.optim;

import dev.kiln.dsl.ScheduleType;
import dev.kiln.runtime.optim.schedule.Constant;
import dev.kiln.runtime.optim.schedule.Cosine;
import dev.kiln.runtime.optim.schedule.CosineWarmRestarts;
import dev.kiln.runtime.optim.schedule.Exponential;
import dev.kiln.runtime.optim.schedule.InverseTime;
import dev.kiln.runtime.optim.schedule.MultiStep;
import dev.kiln.runtime.optim.schedule.OneCycle;
import dev.kiln.runtime.optim.schedule.Polynomial;
import dev.kiln.runtime.optim.schedule.StepDecay;
import dev.kiln.runtime.optim.schedule.Warmup;

/**
 * Learning-rate schedules (reference section 11). Each is a function of the optimizer's base rate
 * eta0, the completed updates s and the completed epochs e; step counts are updates, epoch counts
 * are epochs. Minimum and end rates are absolute learning rates.
 *
 * <pre>{@code
 * Optimizers.adamW(1e-3).schedule(Schedules.warmup(500, Schedules.cosine(10_000, 0)))
 * }</pre>
 */
public final class Schedules {
    private Schedules() {
    }

    /** eta0 throughout. */
    public static Schedule constant() {
        return new Constant();
    }

    /** {@code eta0 C / (C + s)}. */
    public static Schedule inverse(double c) {
        return new InverseTime(c);
    }

    /** {@code eta0 gamma^floor(e / k)}; the notes halve every 10 epochs: {@code step(10, 0.5)}. */
    public static Schedule step(int everyEpochs, double gamma) {
        return new StepDecay(everyEpochs, gamma);
    }

    /** eta0 times gamma once per milestone epoch reached. */
    public static Schedule multiStep(double gamma, int... milestoneEpochs) {
        return new MultiStep(gamma, milestoneEpochs);
    }

    /** {@code eta0 exp(-gamma s)}. */
    public static Schedule exponential(double gamma) {
        return new Exponential(gamma);
    }

    /** Linear decay from eta0 to {@code end} over {@code horizon} updates. */
    public static Schedule linear(long horizon, double end) {
        return new Polynomial(horizon, end, 1);
    }

    /** {@code (eta0 - end)(1 - min(s, T)/T)^power + end}. */
    public static Schedule polynomial(long horizon, double end, double power) {
        return new Polynomial(horizon, end, power);
    }

    /** Half a cosine from eta0 to {@code min} over {@code horizon} updates, then {@code min}. */
    public static Schedule cosine(long horizon, double min) {
        return new Cosine(horizon, min);
    }

    /** Cosine cycles of {@code T_0}, {@code T_0 growth}, {@code T_0 growth^2}, ... updates, each restarting at eta0. */
    public static Schedule cosineWarmRestarts(long firstCycle, int growth, double min) {
        return new CosineWarmRestarts(firstCycle, growth, min);
    }

    /** One cycle over {@code horizon} updates with eta0 as the peak: 30% rising from eta0/25, then down to eta0/25e4. */
    public static Schedule oneCycle(long horizon) {
        return new OneCycle(horizon, ScheduleType.ONE_CYCLE_RISE, 25, 1e4);
    }

    /** One cycle with its shape spelled out, see {@link OneCycle}. */
    public static Schedule oneCycle(long horizon, double warmupFraction, double startDivisor, double endDivisor) {
        return new OneCycle(horizon, warmupFraction, startDivisor, endDivisor);
    }

    /** {@code inner(0) (s + 1) / steps} for the first {@code steps} updates, then {@code inner} shifted by {@code steps}. */
    public static Schedule warmup(long steps, Schedule inner) {
        return new Warmup(steps, inner);
    }

    /** Linear warm-up to eta0, then constant. */
    public static Schedule warmup(long steps) {
        return new Warmup(steps, constant());
    }

    /** Reduce-on-plateau with the reference's defaults; give it to {@link OptimizerChain#reduceOnPlateau}. */
    public static ReduceOnPlateau reduceOnPlateau() {
        return ReduceOnPlateau.defaults();
    }
}
