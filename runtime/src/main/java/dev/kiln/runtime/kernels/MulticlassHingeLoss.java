package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weston–Watkins multiclass hinge on scores h with one-hot targets:
 * L = (1/N) Σ_n Σ_{j≠y_n} max(0, 1 + h_nj - h_n,y_n). Subgradient: +1/N for every active wrong
 * class, minus (number active)/N for the true class. A margin of exactly 0 counts as inactive,
 * so the subgradient at the kink is 0 (reference §4, hinge).
 */
final class MulticlassHingeLoss implements LossKernel {

    @Override
    public double lossAndGradient(INDArray scores, INDArray oneHot, INDArray dScores) {
        long n = scores.size(0);
        NativeOps.multiply(scores, oneHot, dScores);
        INDArray trueScore = dScores.sum(1);
        Nd4j.exec(new BroadcastSubOp(scores, trueScore, dScores, 0));
        NativeOps.addScalar(dScores, 1.0, dScores);
        NativeOps.relu(dScores, dScores);
        // The true class's own margin is exactly 1 + h_y - h_y = 1 in every row; drop it.
        double loss = (Reductions.sum(dScores) - Reductions.dot(dScores, oneHot)) / n;

        NativeOps.positiveIndicator(dScores, dScores);
        NativeOps.subtract(dScores, oneHot, dScores);
        INDArray activeCount = dScores.sum(1);
        INDArray trueClassPull = Scratch.like(scores, Scratch.Slot.WORK);
        Nd4j.exec(new BroadcastMulOp(oneHot, activeCount, trueClassPull, 0));
        NativeOps.subtract(dScores, trueClassPull, dScores);
        NativeOps.scale(dScores, 1.0 / n, dScores);
        return loss;
    }
}
