package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (reference §8.1): during training each element is kept with probability 1 - p
 * and scaled by 1/(1 - p), so inference is the identity. The mask holds 0 or 1/(1 - p) and is
 * kept by the layer, so the backward pass (and a frozen gradient check) reuses the same draw.
 */
public final class DropoutKernel {
    private DropoutKernel() {
    }

    /**
     * Fills {@code mask} with independent draws: 1/(1 - rate) with probability 1 - rate, else 0.
     * {@code rate} is the drop probability, 0 ≤ rate < 1; rate 0 gives all ones without using rng.
     */
    public static void drawMask(double rate, INDArray mask, Random rng) {
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        if (rate == 0.0) {
            mask.assign(1.0);
            return;
        }
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - rate), rng);
        NativeOps.scale(mask, 1.0 / (1.0 - rate), mask);
    }

    /** y = x ⊙ mask. */
    public static void apply(INDArray x, INDArray mask, INDArray y) {
        ArrayChecks.requireSameShape("x", x, "mask", mask);
        ArrayChecks.requireSameShape("x", x, "y", y);
        NativeOps.multiply(x, mask, y);
    }

    /** dx = dy ⊙ mask, with the mask of the forward pass; dx may be dy. */
    public static void backward(INDArray dy, INDArray mask, INDArray dx) {
        ArrayChecks.requireSameShape("dy", dy, "mask", mask);
        ArrayChecks.requireSameShape("dy", dy, "dx", dx);
        NativeOps.multiply(dy, mask, dx);
    }
}
