package dev.kiln.runtime.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference section 15, experiment 7: gradient descent on a quadratic with Hessian eigenvalues 1 and 10. */
class QuadraticTest {
    private static final Quadratic F = new Quadratic(1, 10);

    @Test
    void theBestLearningRateContractsAtNineElevenths() {
        double lr = 2.0 / 11;
        double[][] w = F.run(Optimizers.sgd(lr), Tensors.weight("w", 1, 1), 20);
        double[] previous = {1, 1};
        for (double[] now : w) {
            // |1 - lr lambda| = 9/11 for both eigenvalues: the worst-case rate (kappa-1)/(kappa+1).
            assertEquals(9.0 / 11, Math.abs(now[0] / previous[0]), 1e-12);
            assertEquals(9.0 / 11, Math.abs(now[1] / previous[1]), 1e-12);
            previous = now;
        }
        double error = Math.hypot(w[19][0], w[19][1]) / Math.hypot(1, 1);
        assertEquals(Math.pow(9.0 / 11, 20), error, 1e-12);
        assertEquals(0.018, error, 5e-4);
    }

    @Test
    void aLearningRateAboveTwoOverTheLargestEigenvalueDiverges() {
        double[][] stable = F.run(Optimizers.sgd(0.199), Tensors.weight("w", 1, 1), 200);
        double[][] unstable = F.run(Optimizers.sgd(0.201), Tensors.weight("w", 1, 1), 200);
        assertTrue(Math.abs(stable[199][1]) < 1, "lr 0.199 still converges: " + stable[199][1]);
        assertTrue(Math.abs(unstable[199][1]) > 1, "lr 0.201 diverges: " + unstable[199][1]);
        assertEquals(Math.pow(1 - 0.201 * 10, 200), unstable[199][1], 1e-9 * Math.abs(unstable[199][1]));
    }
}
