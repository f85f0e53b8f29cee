package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.transform.AmsGradScaling;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks of reference sections 9.4 to 9.11 (Adam's own are in {@link AdamTest}), and RAdam's warm-up. */
class AdaptiveMethodsTest {

    /** Steps under a constant gradient and returns the step of each update. */
    private static double[] stepsUnderConstantGradient(Optimizer optimizer, double gradient, int steps) {
        Parameter p = Tensors.weight("fc", 0);
        double[] out = new double[steps];
        double previous = 0;
        for (int t = 0; t < steps; t++) {
            double now = Tensors.step(optimizer, p, gradient)[0];
            out[t] = now - previous;
            previous = now;
        }
        return out;
    }

    @Test
    void adaGradStepTimesRootTIsTheLearningRate() {
        double[] steps = stepsUnderConstantGradient(Optimizers.adaGrad(0.01), 0.7, 100);
        for (int t = 1; t <= steps.length; t++) {
            assertEquals(-0.01, steps[t - 1] * Math.sqrt(t), 1e-9, "t = " + t);
        }
    }

    @Test
    void rmsPropFirstStepIsLearningRateOverRootOneMinusRhoAndTendsToTheLearningRate() {
        double[] steps = stepsUnderConstantGradient(Optimizers.rmsProp(1e-3), 0.4, 300);
        assertEquals(-1e-3 * 0.4 / (Math.sqrt(1 - 0.9) * 0.4 + 1e-8), steps[0], 1e-15);
        assertEquals(3.162, -steps[0] / 1e-3, 1e-3);
        assertEquals(-1e-3, steps[299], 1e-10);
    }

    @Test
    void adadeltaFirstStepIsAboutRootOfEpsilonOverOneMinusRho() {
        double[] steps = stepsUnderConstantGradient(Optimizers.adadelta(1.0), 1.0, 1);
        assertEquals(Math.sqrt(1e-6 / (1 - 0.95)), -steps[0], 1e-7);
        assertEquals(4.47e-3, -steps[0], 1e-5);
    }

    @Test
    void amsGradMaximumNeverDecreasesAndWithoutCorrectionNeitherDoesItsStepSizeGrow() {
        OptimizerChain amsGrad = Optimizers.amsGrad(0.01, new AmsGradScaling(0.9, 0.999, 1e-8, false));
        Parameter p = Tensors.weight("fc", 0, 0, 0);
        Random random = new Random(3);
        double[] previousMax = new double[3];
        boolean decreasedSomewhere = false;
        double[] previousV = new double[3];
        for (int t = 0; t < 200; t++) {
            // Large gradients early, small later: the raw v falls, v_max must not.
            double size = t < 20 ? 5 : 0.1;
            Tensors.step(amsGrad, p, size * random.nextGaussian(), size * random.nextGaussian(), size);
            double[] vMax = amsGrad.liveState("fc.W/amsgrad.vMax").toDoubleVector();
            double[] v = amsGrad.liveState("fc.W/amsgrad.v").toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertTrue(vMax[i] >= previousMax[i], "v_max fell at step " + t);
                assertTrue(0.01 / (Math.sqrt(vMax[i]) + 1e-8) <= 0.01 / (Math.sqrt(previousMax[i]) + 1e-8));
                decreasedSomewhere |= v[i] < previousV[i];
            }
            previousMax = vMax;
            previousV = v;
        }
        assertTrue(decreasedSomewhere, "the raw v did fall, so the maximum mattered");
    }

    @Test
    void adamaxFirstStepIsTheLearningRate() {
        // eta |g| / (|g| + eps): eta up to eps.
        assertEquals(-2e-3 * 3.5 / (3.5 + 1e-8), stepsUnderConstantGradient(Optimizers.adamax(2e-3), 3.5, 1)[0], 1e-17);
        assertEquals(2e-3 * 0.02 / (0.02 + 1e-8), stepsUnderConstantGradient(Optimizers.adamax(2e-3), -0.02, 1)[0], 1e-17);
        assertEquals(-2e-3, stepsUnderConstantGradient(Optimizers.adamax(2e-3), 3.5, 1)[0], 1e-10);
    }

    @Test
    void nadamFirstStepIsOnePlusBetaOverOnePlusBetaTimesTheLearningRateAndTendsToTheLearningRate() {
        double[] steps = stepsUnderConstantGradient(Optimizers.nadam(1e-3), 0.3, 20000);
        assertEquals(-1e-3 * (1 + 0.9 / 1.9) * 0.3 / (0.3 + 1e-8), steps[0], 1e-17);
        assertEquals(1.474, -steps[0] / 1e-3, 1e-3);
        assertEquals(-1e-3, steps[steps.length - 1], 1e-9);
    }

    @Test
    void radamTakesPlainMomentumStepsUntilTheVarianceIsTractable() {
        double g = 0.3;
        double[] steps = stepsUnderConstantGradient(Optimizers.radam(1e-3), g, 10);
        int rectifiedFrom = 0;
        for (int t = 1; t <= steps.length; t++) {
            double r = Optimizers.RADAM.rectification(t);
            if (Double.isNaN(r)) {
                // Bias-corrected m of a constant gradient is the gradient: a plain SGD step.
                assertEquals(-1e-3 * g, steps[t - 1], 1e-15, "t = " + t);
            } else {
                rectifiedFrom = rectifiedFrom == 0 ? t : rectifiedFrom;
                assertEquals(-1e-3 * r * g / (g + 1e-8), steps[t - 1], 1e-15, "t = " + t);
            }
        }
        assertTrue(Optimizers.RADAM.rho(rectifiedFrom) > 4 && Optimizers.RADAM.rho(rectifiedFrom - 1) <= 4);
        // rho_5 = 4.996 with beta2 = 0.999: above the paper's 4 (PyTorch's 5 would wait one step more).
        assertEquals(5, rectifiedFrom);
        assertEquals(4.996, Optimizers.RADAM.rho(5), 5e-4);
    }
}
