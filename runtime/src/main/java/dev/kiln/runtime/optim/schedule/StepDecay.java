package dev.kiln.runtime.optim.schedule;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.Schedule;

/** {@code eta0 gamma^floor(e / k)}: multiplied by gamma every k completed epochs. */
public record StepDecay(int everyEpochs, double gamma) implements Schedule {

    public StepDecay {
        Checks.positive("epochs per step", everyEpochs);
        Checks.positive("gamma", gamma);
    }

    @Override
    public double learningRate(double base, long s, int e) {
        return base * Math.pow(gamma, e / everyEpochs);
    }

    @Override
    public String toString() {
        return "step(every " + everyEpochs + " epochs, x" + gamma + ")";
    }
}
