package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/** {@code min + (eta0 - min)(1 + cos(pi min(s, T) / T)) / 2}: from eta0 down to {@code min} over T updates. */
public record Cosine(long horizon, double min) implements Schedule {

    public Cosine {
        Checks.positive("horizon", horizon);
        Checks.notNegative("minimum learning rate", min);
    }

    /** {@code to + (from - to)(1 + cos(pi p)) / 2}: from {@code from} at p = 0 to {@code to} at p = 1. */
    static double anneal(double from, double to, double progress) {
        return to + (from - to) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    @Override
    public double learningRate(double base, long s, int e) {
        return anneal(base, min, (double) Math.min(s, horizon) / horizon);
    }

    @Override
    public String toString() {
        return "cosine(" + horizon + ", min " + min + ")";
    }
}
