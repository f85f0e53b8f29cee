package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weston–Watkins multiclass hinge on scores h with one-hot targets:
 * L = (1/N) Σ_n Σ_{j≠y_n} max(0, 1 + h_nj - h_n,y_n). Subgradient: +1/N for every active wrong
 * class, minus (number active)/N for the true class. A margin of exactly 0 counts as inactive,
 * so the subgradient at the kink is 0 (reference §4, hinge). The sum over classes is Kiln's convention:
 * PyTorch's multi_margin_loss divides it by the number of classes K, so this is K times that.
 *
 * <p>The two per-row statistics (the true class's score, the number of active margins) are row sums
 * into a per-thread [N, 1] buffer, which the element-wise ops broadcast along each row.
 */
final class MulticlassHingeLoss implements LossKernel {

    @Override
    public double lossAndGradient(INDArray scores, INDArray oneHot, INDArray dScores) {
        long n = scores.size(0);
        INDArray rowStatistic = Scratch.of(scores.dataType(), Scratch.Slot.LOSS_ROW, n, 1);
        NativeOps.multiply(scores, oneHot, dScores);
        rowSums(dScores, rowStatistic); // h_y, the true class's score
        NativeOps.subtract(scores, rowStatistic, dScores);
        NativeOps.addScalar(dScores, 1.0, dScores);
        NativeOps.relu(dScores, dScores);
        // The true class's own margin is exactly 1 + h_y - h_y = 1 in every row; drop it.
        double loss = (Reductions.sum(dScores) - Reductions.dot(dScores, oneHot)) / n;

        NativeOps.positiveIndicator(dScores, dScores);
        NativeOps.subtract(dScores, oneHot, dScores);
        rowSums(dScores, rowStatistic); // the number of active margins: the true class's entry is 0 here
        INDArray trueClassPull = Scratch.like(scores, Scratch.Slot.WORK);
        NativeOps.multiply(oneHot, rowStatistic, trueClassPull);
        NativeOps.subtract(dScores, trueClassPull, dScores);
        NativeOps.scale(dScores, 1.0 / n, dScores);
        return loss;
    }

    /** out [N, 1] = the sum of each row of m [N, K]. */
    private static void rowSums(INDArray m, INDArray out) {
        AxisSums.sum(Views.input(m, 1, m.size(0), m.size(1)), out);
    }
}
