package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax over each row of [n, k] logits with the row maximum subtracted first, so no exponent is
 * positive and nothing overflows (reference §4). Shared by inference and the fused cross-entropy.
 */
final class RowSoftmax {
    private RowSoftmax() {
    }

    /**
     * Writes softmax(logits) into {@code out} (which may be {@code logits}) and returns the
     * log-sum-exp of each row, LSE(h) = m + log Σ_j e^{h_j - m}, as a small [n] array.
     */
    static INDArray apply(INDArray logits, INDArray out) {
        INDArray rowMax = logits.max(1);
        Nd4j.exec(new BroadcastSubOp(logits, rowMax, out, 0));
        NativeOps.exp(out, out);
        INDArray rowSum = out.sum(1);
        Nd4j.exec(new BroadcastDivOp(out, rowSum, out, 0));
        Transforms.log(rowSum, false);
        return rowSum.addi(rowMax);
    }
}
