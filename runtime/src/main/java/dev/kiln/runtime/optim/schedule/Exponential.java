package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/** {@code eta0 exp(-gamma s)}: halves every ln 2 / gamma updates. (ND4J's schedule is {@code lr gamma^i}.) */
public record Exponential(double gamma) implements Schedule {

    public Exponential {
        Checks.notNegative("gamma", gamma);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        return base * Math.exp(-gamma * s);
    }

    @Override
    public String toString() {
        return "exponential(" + gamma + ")";
    }
}
