package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Schedule;

/** {@code eta0}. */
public record Constant() implements Schedule {

    @Override
    public double learningRate(double base, long s, int e) {
        return base;
    }

    @Override
    public String toString() {
        return "constant";
    }
}
