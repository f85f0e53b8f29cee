package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.InPlace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The moment estimates and denominators the adaptive methods share, all in place. */
final class Moments {
    private Moments() {
    }

    /**
     * Adam's moments from gradient {@code g}: {@code m <- b1 m + (1-b1) g}, {@code v <- b2 v + (1-b2) g^2}.
     * Overwrites {@code scratch}.
     */
    static void update(INDArray m, double beta1, INDArray v, double beta2, INDArray g, INDArray scratch, InPlace math) {
        math.movingAverage(m, beta1, g);
        math.square(g, scratch);
        math.movingAverage(v, beta2, scratch);
    }

    /** {@code target <- sqrt(source * scale) + eps}: the denominator with eps outside the root (section 1.3). */
    static void rootPlusEpsilon(INDArray source, double scale, double epsilon, INDArray target, InPlace math) {
        math.copy(source, target);
        math.scale(target, scale);
        Transforms.sqrt(target, false);
        if (epsilon != 0) {
            math.add(target, epsilon);
        }
    }

    /**
     * Adam's direction {@code g <- (m / c1) / (sqrt(v / c2) + eps)}, with the bias corrections
     * {@code c1}, {@code c2} (1 when correction is off). Overwrites {@code scratch}.
     */
    static void adamDirection(INDArray m, double c1, INDArray v, double c2, double epsilon, INDArray g,
                              INDArray scratch, InPlace math) {
        rootPlusEpsilon(v, 1 / c2, epsilon, scratch, math);
        math.copy(m, g);
        math.scale(g, 1 / c1);
        g.divi(scratch);
    }

    /** {@code 1 - beta^t}: the bias correction of a moving average started at zero, after t updates. */
    static double correction(double beta, long t) {
        return 1 - Math.pow(beta, t);
    }
}
