package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/**
 * {@code eta0 C / (C + s)}: the 1/(C + t) rule of convex SGD, halved after C updates; a heuristic
 * for non-convex problems.
 */
public record InverseTime(double c) implements Schedule {

    public InverseTime {
        Checks.positive("C", c);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        return base * c / (c + s);
    }

    @Override
    public String toString() {
        return "inverse(" + c + ")";
    }
}
