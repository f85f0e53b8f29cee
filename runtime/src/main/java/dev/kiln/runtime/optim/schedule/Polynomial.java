package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/** {@code (eta0 - end)(1 - min(s, T)/T)^p + end}: linear decay to {@code end} for p = 1, then constant. */
public record Polynomial(long horizon, double end, double power) implements Schedule {

    public Polynomial {
        Checks.positive("horizon", horizon);
        Checks.notNegative("end learning rate", end);
        Checks.positive("power", power);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        double remaining = 1 - (double) Math.min(s, horizon) / horizon;
        return (base - end) * Math.pow(remaining, power) + end;
    }

    @Override
    public String toString() {
        return "polynomial(" + horizon + ", end " + end + ", power " + power + ")";
    }
}
