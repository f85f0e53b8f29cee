package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/**
 * Smith's one-cycle policy with cosine phases (not in the reference; Kiln's definition): with the
 * base rate as the peak, it rises from {@code eta0 / startDivisor} to eta0 over the first
 * {@code round(warmupFraction T)} updates, then falls to {@code eta0 / (startDivisor endDivisor)} at
 * update T and stays there.
 */
public record OneCycle(long horizon, double warmupFraction, double startDivisor, double endDivisor)
        implements Schedule {

    public OneCycle {
        Checks.positive("horizon", horizon);
        if (!(warmupFraction > 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warm-up fraction must be in (0, 1), got " + warmupFraction);
        }
        Checks.positive("start divisor", startDivisor);
        Checks.positive("end divisor", endDivisor);
        if (Math.round(warmupFraction * horizon) < 1 || Math.round(warmupFraction * horizon) >= horizon) {
            throw new IllegalArgumentException("one-cycle needs a rising and a falling phase of at least one update,"
                    + " got horizon " + horizon + " and warm-up fraction " + warmupFraction);
        }
    }

    /** The update at which the rate peaks at eta0. */
    public long peak() {
        return Math.round(warmupFraction * horizon);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        double start = base / startDivisor;
        double end = start / endDivisor;
        long peak = peak();
        if (s < peak) {
            return Cosine.anneal(start, base, (double) s / peak);
        }
        return Cosine.anneal(base, end, (double) Math.min(s - peak, horizon - peak) / (horizon - peak));
    }

    @Override
    public String toString() {
        return "oneCycle(" + horizon + ", peak at " + peak() + ", /" + startDivisor + ", /" + endDivisor + ")";
    }
}
