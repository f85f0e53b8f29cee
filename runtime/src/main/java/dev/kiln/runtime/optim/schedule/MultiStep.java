package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

import java.util.Arrays;

/**
 * {@code eta0 gamma^k} with k the number of milestones (in completed epochs) reached:
 * milestones {30, 80} give eta0 for epochs 0-29, eta0 gamma for 30-79, eta0 gamma^2 from 80.
 */
public record MultiStep(double gamma, int[] milestones) implements Schedule {

    public MultiStep {
        Checks.positive("gamma", gamma);
        milestones = milestones.clone();
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || i > 0 && milestones[i] <= milestones[i - 1]) {
                throw new IllegalArgumentException("milestones must be increasing epochs >= 1, got "
                        + Arrays.toString(milestones));
            }
        }
    }

    @Override
    public int[] milestones() {
        return milestones.clone();
    }

    @Override
    public double learningRate(double base, long s, int e) {
        int reached = 0;
        while (reached < milestones.length && milestones[reached] <= e) {
            reached++;
        }
        return base * Math.pow(gamma, reached);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MultiStep m && m.gamma == gamma && Arrays.equals(m.milestones, milestones);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(gamma) * 31 + Arrays.hashCode(milestones);
    }

    @Override
    public String toString() {
        return "multiStep(x" + gamma + " at epochs " + Arrays.toString(milestones) + ")";
    }
}
