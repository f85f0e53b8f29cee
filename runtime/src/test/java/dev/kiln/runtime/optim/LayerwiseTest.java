package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** LARS (reference section 9.13, with its fill-ins) and LAMB trust ratios. */
class LayerwiseTest {
    private static final double LR = 0.1;

    private static double norm(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    @Test
    void larsStepHasLengthLrTimesTheParameterNorm() {
        double[] theta = {3, -4};
        Parameter w = Tensors.weight("w", theta);
        double[] after = Tensors.step(Optimizers.lars(LR), w, 2, 1);
        double m = 0.1 * Math.hypot(2, 1);
        assertEquals(LR * 5 * m / (m + 1e-8), norm(difference(after, theta)), 1e-15);
        assertEquals(LR * 5, norm(difference(after, theta)), 1e-6);
    }

    @Test
    void larsIsInvariantToScalingTheGradient() {
        double[] curvature = {1, 10, 3};
        double[] centre = {1, -1, 2};
        double[][] plain = new Quadratic(curvature, centre, 1).run(Optimizers.lars(0.01), Tensors.weight("w", 1, 1, 1), 50);
        double[][] scaled = new Quadratic(curvature, centre, 1000).run(Optimizers.lars(0.01), Tensors.weight("w", 1, 1, 1), 50);
        for (int t = 0; t < plain.length; t++) {
            assertArrayEquals(plain[t], scaled[t], 1e-9, "step " + t);
        }
    }

    @Test
    void aZeroBlockMovesByLrTimesTheMomentNorm() {
        double[] after = Tensors.step(Optimizers.lars(LR), Tensors.weight("w", 0, 0), 3, 4);
        assertEquals(LR * 0.1 * 5, norm(after), 1e-15, "ratio 1 for a zero parameter");
        assertArrayEquals(new double[] {-0.03, -0.04}, after, 1e-17);
    }

    @Test
    void biasesUseRatioOneUnlessAllKindsAdapt() {
        Parameter bias = Tensors.bias("w", 100, 100);
        double[] after = Tensors.step(Optimizers.lars(LR), bias, 1, 1);
        assertArrayEquals(new double[] {100 - LR * 0.1, 100 - LR * 0.1}, after, 1e-12);
        Parameter adapted = Tensors.bias("w", 100, 100);
        double[] moved = Tensors.step(Optimizers.lars(LR).decayAndAdaptAllKinds(), adapted, 1, 1);
        assertEquals(LR * Math.hypot(100, 100), norm(difference(moved, new double[] {100, 100})), 1e-6);
    }

    @Test
    void trustRatioClipBoundsPhi() {
        Parameter w = Tensors.weight("w", 30, 40);
        double[] after = Tensors.step(Optimizers.lars(LR, 0.9, new dev.kiln.runtime.optim.transform.TrustRatio(0, 0, 2)),
                w, 1, 0);
        // phi(||theta|| = 50) clipped to 2: the step has length lr x 2.
        assertEquals(LR * 2, norm(difference(after, new double[] {30, 40})), 1e-14);
    }

    @Test
    void lambStepHasLengthLrTimesTheParameterNormIncludingItsDecay() {
        double[] theta = {1, 2, 2};
        Parameter w = Tensors.weight("w", theta);
        double[] after = Tensors.step(Optimizers.lamb(LR), w, 0.5, -0.5, 0);
        assertEquals(LR * 3, norm(difference(after, theta)), 1e-14);
        // Direction: Adam's first step (sign of g, 0 where g = 0) plus lambda theta, normalised.
        double[] u = {0.5 / (0.5 + 1e-6) + 0.01, -0.5 / (0.5 + 1e-6) + 0.02, 0.02};
        double scale = LR * 3 / norm(u);
        for (int i = 0; i < 3; i++) {
            assertEquals(theta[i] - scale * u[i], after[i], 1e-14);
        }
        Parameter b = Tensors.bias("w", 5);
        Optimizers.lamb(LR).step(List.of(Tensors.weight("x", 1), b));
        assertEquals(5, Tensors.values(b)[0], 0, "zero gradient, no decay, ratio 1: a bias stays");
    }
}
