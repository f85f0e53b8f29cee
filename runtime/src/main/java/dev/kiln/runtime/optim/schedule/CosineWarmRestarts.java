package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/**
 * SGDR: cosine from eta0 to {@code min} over cycle i of length {@code T_i = T_0 T_mult^i}, then back
 * to eta0. Restarts happen at {@code s = T_0, T_0 (1 + T_mult), ...}; the phase is {@code s_cur / T_i}
 * with {@code s_cur} the updates since the last restart.
 */
public record CosineWarmRestarts(long firstCycle, int cycleGrowth, double min) implements Schedule {

    public CosineWarmRestarts {
        Checks.positive("first cycle length", firstCycle);
        Checks.positive("cycle growth", cycleGrowth);
        Checks.notNegative("minimum learning rate", min);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        long cycle = firstCycle;
        long intoCycle = s;
        if (cycleGrowth == 1) {
            intoCycle = s % cycle;
        } else {
            while (intoCycle >= cycle) {
                intoCycle -= cycle;
                cycle *= cycleGrowth;
            }
        }
        return Cosine.anneal(base, min, (double) intoCycle / cycle);
    }

    @Override
    public String toString() {
        return "cosineWarmRestarts(" + firstCycle + ", x" + cycleGrowth + ", min " + min + ")";
    }
}
