package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reference section 8.3: Polyak averaging, and evaluating with the average swapped in. */
class ParameterAverageTest {

    @Test
    void constantParametersAverageToThemselves() {
        OptimizerChain sgd = Optimizers.sgd(0.1).averageParameters(0.9);
        Parameter p = Tensors.weight("w", 1.5, -2);
        for (int t = 0; t < 20; t++) {
            Tensors.step(sgd, p, 0, 0);
        }
        assertArrayEquals(new double[] {1.5, -2}, sgd.averageOf("w.W").toDoubleVector(), 1e-15);
    }

    @Test
    void afterAJumpTheGapShrinksByGammaPerStep() {
        double gamma = ParameterAverage.DEFAULT_DECAY;
        OptimizerChain sgd = Optimizers.sgd(1).averageParameters(gamma);
        double a = 4;
        double b = 1;
        Parameter p = Tensors.weight("w", a);
        Tensors.step(sgd, p, a - b); // theta jumps from a to b and stays there
        assertEquals(b, Tensors.values(p)[0], 0);
        assertEquals(gamma * (a - b), sgd.averageOf("w.W").getDouble(0) - b, 1e-14, "theta'_0 = theta_0, not 0");
        for (int t = 2; t <= 50; t++) {
            Tensors.step(sgd, p, 0);
            assertEquals(Math.pow(gamma, t) * (a - b), sgd.averageOf("w.W").getDouble(0) - b, 1e-13, "t = " + t);
        }
    }

    @Test
    void uniformAveragingGivesTheMeanOfTheIterates() {
        OptimizerChain sgd = Optimizers.sgd(1).averageParameters(ParameterAverage.uniform());
        Parameter p = Tensors.weight("w", 0, 10);
        double[] sum = new double[2];
        double[] gradients = {0.5, -1, 2, 0.25, -3, 1.5};
        for (int t = 1; t <= gradients.length; t++) {
            double[] theta = Tensors.step(sgd, p, gradients[t - 1], -gradients[t - 1] * 2);
            sum[0] += theta[0];
            sum[1] += theta[1];
            assertArrayEquals(new double[] {sum[0] / t, sum[1] / t}, sgd.averageOf("w.W").toDoubleVector(), 1e-14, "t = " + t);
        }
    }

    @Test
    void swappingTheAverageInAndOutRestoresTheLiveParametersBitForBit() {
        OptimizerChain adam = Optimizers.adam(0.1).averageParameters(0.5);
        Parameter w = Tensors.weight("w", 1, 2, 3);
        Parameter b = Tensors.bias("w", 0.5);
        for (int t = 0; t < 5; t++) {
            Tensors.setGradient(w, 1, -1, t);
            Tensors.setGradient(b, 0.3);
            adam.step(List.of(w, b));
        }
        double[] live = Tensors.values(w);
        double[] liveBias = Tensors.values(b);
        double[] average = adam.averageOf("w.W").toDoubleVector();
        try (WeightSwap swap = adam.swapInAverage(List.of(w, b))) {
            assertArrayEquals(average, Tensors.values(w), 0);
            assertArrayEquals(liveBias, adam.averageOf("w.b").toDoubleVector(), 0, "the average's place holds the live value");
            assertThrows(IllegalStateException.class, () -> adam.step(List.of(w, b)), "no training while swapped");
        }
        assertArrayEquals(live, Tensors.values(w), 0);
        assertArrayEquals(average, adam.averageOf("w.W").toDoubleVector(), 0);
        adam.step(List.of(w, b)); // allowed again
    }

    @Test
    void withoutAnAverageThereIsNothingToSwap() {
        OptimizerChain sgd = Optimizers.sgd(0.1);
        assertThrows(IllegalStateException.class, () -> sgd.swapInAverage(List.of()));
    }
}
