package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference sections 9.2 (velocity form) and 9.3 (Nesterov, Sutskever form). */
class MomentumTest {
    private static final double LR = 0.01;
    private static final double MU = 0.9;

    @Test
    void constantGradientReachesTheTerminalVelocity() {
        OptimizerChain momentum = Optimizers.momentum(LR, MU);
        Parameter p = Tensors.weight("fc", 0, 0);
        double[] before = Tensors.values(p);
        double[] after = before;
        for (int t = 0; t < 400; t++) {
            before = after;
            after = Tensors.step(momentum, p, 2, -1);
        }
        // v -> -lr g / (1 - mu): 10 lr |g| at mu = 0.9.
        assertEquals(-LR * 2 / (1 - MU), after[0] - before[0], 1e-12);
        assertEquals(LR * 1 / (1 - MU), after[1] - before[1], 1e-12);
        assertEquals(-LR * 2 / (1 - MU), momentum.liveState("fc.W/momentum.v").getDouble(0), 1e-12);
    }

    @Test
    void alternatingGradientSettlesAtTheLearningRateOverOnePlusMu() {
        OptimizerChain momentum = Optimizers.momentum(LR, MU);
        Parameter p = Tensors.weight("fc", 0);
        double previous = 0;
        double step = 0;
        for (int t = 0; t < 400; t++) {
            double now = Tensors.step(momentum, p, t % 2 == 0 ? 1 : -1)[0];
            step = now - previous;
            previous = now;
        }
        assertEquals(LR / (1 + MU), Math.abs(step), 1e-12);
    }

    @Test
    void velocityFormEqualsTheRescaledFormOnlyAtConstantLearningRate() {
        double[] curvature = {1, 4};
        double[] centre = {3, -1};
        Quadratic quadratic = new Quadratic(curvature, centre, 1);
        double[][] constant = quadratic.run(Optimizers.momentum(LR, MU), Tensors.weight("fc", 0, 0), 50);
        double[][] decaying = quadratic.run(Optimizers.momentum(LR, MU).schedule(Schedules.exponential(0.05)),
                Tensors.weight("fc", 0, 0), 50);
        double[][] rescaledConstant = rescaledForm(curvature, centre, t -> LR, 50);
        double[][] rescaledDecaying = rescaledForm(curvature, centre, t -> LR * Math.exp(-0.05 * t), 50);
        double constantGap = 0;
        double decayingGap = 0;
        for (int t = 0; t < 50; t++) {
            for (int i = 0; i < 2; i++) {
                constantGap = Math.max(constantGap, Math.abs(constant[t][i] - rescaledConstant[t][i]));
                decayingGap = Math.max(decayingGap, Math.abs(decaying[t][i] - rescaledDecaying[t][i]));
            }
        }
        assertTrue(constantGap < 1e-14, "at constant LR the forms agree, gap " + constantGap);
        assertTrue(decayingGap > 1e-3, "under exponential decay they differ, gap " + decayingGap);
    }

    /** {@code b <- mu b + g; theta <- theta - lr_s b}, the form that rescales past gradients by today's rate. */
    private static double[][] rescaledForm(double[] a, double[] c, java.util.function.LongToDoubleFunction lr, int steps) {
        double[] theta = new double[a.length];
        double[] b = new double[a.length];
        double[][] out = new double[steps][];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < a.length; i++) {
                b[i] = MU * b[i] + a[i] * (theta[i] - c[i]);
                theta[i] -= lr.applyAsDouble(s) * b[i];
            }
            out[s] = theta.clone();
        }
        return out;
    }

    @Test
    void nesterovStoresTheLookAheadPointOfNesterovsMethod() {
        double[] a = {1, 10};
        double[] c = {2, -1};
        OptimizerChain nesterov = Optimizers.nesterov(0.05, MU);
        Parameter p = Tensors.weight("fc", 0, 0);
        // Nesterov's method itself: v <- mu v - lr grad f(x + mu v), x <- x + v.
        double[] x = {0, 0};
        double[] v = {0, 0};
        double[] b = {0, 0};
        double[] theta = {0, 0};
        Quadratic quadratic = new Quadratic(a, c, 1);
        for (int t = 0; t < 200; t++) {
            quadratic.writeGradient(p);
            nesterov.step(List.of(p));
            for (int i = 0; i < 2; i++) {
                double lookAheadGradient = a[i] * (x[i] + MU * v[i] - c[i]);
                v[i] = MU * v[i] - 0.05 * lookAheadGradient;
                x[i] += v[i];
                // At constant LR: b <- mu b + g; theta <- theta - lr (g + mu b).
                double g = a[i] * (theta[i] - c[i]);
                b[i] = MU * b[i] + g;
                theta[i] -= 0.05 * (g + MU * b[i]);
            }
            double[] stored = Tensors.values(p);
            double[] velocity = nesterov.liveState("fc.W/nesterov.v").toDoubleVector();
            for (int i = 0; i < 2; i++) {
                assertEquals(x[i], stored[i] - MU * velocity[i], 1e-14, "theta - mu v is Nesterov's iterate, step " + t);
                assertEquals(theta[i], stored[i], 1e-14, "equals the b-form at constant LR, step " + t);
            }
        }
        assertEquals(2, x[0], 1e-3, "and it converged");
    }
}
