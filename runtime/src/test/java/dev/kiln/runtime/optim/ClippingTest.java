package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference section 10. SGD with lr 1 from theta = 0 makes theta exactly minus the clipped gradient
 * (scaling by -1 and adding to 0 are exact), so the clipped gradient can be read off bit-for-bit.
 */
class ClippingTest {

    private static double[] clipped(OptimizerChain chain, Parameter parameter, double... gradient) {
        double[] after = Tensors.step(chain, parameter, gradient);
        for (int i = 0; i < after.length; i++) {
            after[i] = 0 - after[i]; // not -after[i], which would turn 0 into -0
        }
        return after;
    }

    private static double norm(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Test
    void byValueBoundsEveryEntryAndLeavesTheOthers() {
        double[] g = clipped(Optimizers.sgd(1).clipValue(0.5), Tensors.weight("w", 0, 0, 0, 0), 0.2, -3, 0.5, 7);
        assertArrayEquals(new double[] {0.2, -0.5, 0.5, 0.5}, g, 0);
    }

    @Test
    void byNormRescalesToTheBoundKeepingTheDirection() {
        double[] raw = {3, -4, 12};
        double[] g = clipped(Optimizers.sgd(1).clipNorm(2), Tensors.weight("w", 0, 0, 0), raw);
        assertTrue(norm(g) <= 2 * (1 + 1e-12), "norm " + norm(g));
        assertEquals(2, norm(g), 1e-15);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(raw[i] / 13 * 2, g[i], 1e-15, "same direction");
        }
    }

    @Test
    void byGlobalNormRescalesAllTensorsByOneFactor() {
        Parameter a = Tensors.weight("a", 0, 0);
        Parameter b = Tensors.weight("b", 0, 0, 0);
        Tensors.setGradient(a, 3, 4);
        Tensors.setGradient(b, 0, 12, 0);
        Optimizers.sgd(1).clipGlobalNorm(6.5).step(List.of(a, b));
        double[] ga = Tensors.values(a);
        double[] gb = Tensors.values(b);
        double global = Math.hypot(norm(ga), norm(gb));
        assertTrue(global <= 6.5 * (1 + 1e-12), "global norm " + global);
        assertEquals(6.5, global, 1e-14);
        assertArrayEquals(new double[] {-1.5, -2}, ga, 1e-15);
        assertArrayEquals(new double[] {0, -6, 0}, gb, 1e-15);
        assertEquals(5.0 / 12, norm(ga) / norm(gb), 1e-15, "ratios between tensors kept");
    }

    @Test
    void aGradientWithinBoundsPassesBitIdentical() {
        double[] raw = {0.1234567890123, -0.3, 1e-300, 0};
        assertArrayEquals(raw, clipped(Optimizers.sgd(1).clipValue(1), Tensors.weight("w", 0, 0, 0, 0), raw));
        assertArrayEquals(raw, clipped(Optimizers.sgd(1).clipNorm(1), Tensors.weight("w", 0, 0, 0, 0), raw));
        assertArrayEquals(raw, clipped(Optimizers.sgd(1).clipGlobalNorm(1), Tensors.weight("w", 0, 0, 0, 0), raw));
    }

    @Test
    void aZeroGradientStaysZero() {
        double[] zero = {0, 0};
        assertArrayEquals(zero, clipped(Optimizers.sgd(1).clipNorm(1), Tensors.weight("w", 0, 0), zero));
        assertArrayEquals(zero, clipped(Optimizers.sgd(1).clipGlobalNorm(1), Tensors.weight("w", 0, 0), zero));
    }

    @Test
    void clippingActsOnTheDataGradientBeforeL2() {
        // g = 10 clipped to 1, then + lambda theta = 0.5 x 2: the step is 2, not 1.
        double after = Tensors.step(Optimizers.sgd(1).clipValue(1).l2(0.5), Tensors.weight("w", 2), 10)[0];
        assertEquals(0, after, 0);
    }
}
