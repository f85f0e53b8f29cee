package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/**
 * Linear warm-up in front of any schedule: {@code inner(0) (s + 1) / W} for {@code s < W}, then
 * {@code inner(s - W)}, so update W is the first to use the inner schedule's start and the inner
 * schedule runs on, shifted, from there. Epochs pass through unchanged.
 */
public record Warmup(long steps, Schedule inner) implements Schedule {

    public Warmup {
        Checks.positive("warm-up steps", steps);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        if (s < steps) {
            return inner.learningRate(base, 0, e) * (s + 1) / steps;
        }
        return inner.learningRate(base, s - steps, e);
    }

    @Override
    public String toString() {
        return "warmup(" + steps + ", " + inner + ")";
    }
}
