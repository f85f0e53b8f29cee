package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Folds an inference-mode BatchNorm into the Dense or Conv layer right before it (reference §7.2):
 * with a = γ/√(r_σ² + ε), BN(xW + b) = x·W′ + b′ where W′ = W·diag(a) (conv: filter o scaled by
 * a_o) and b′ = a ⊙ (b − r_μ) + β. A null b is 0, a null γ is 1 and a null β is 0. The originals
 * are only read, so unfolding is just using W and b again; foldedW may be w and foldedB may be b
 * for an in-place fold.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /**
     * Dense W [in, out] (unit j is column j) and b [out] or null, followed by {@code bn}; writes
     * foldedW [in, out] and foldedB [out].
     */
    public static void foldDense(INDArray w, @Nullable INDArray b, BatchNormLayer bn, INDArray foldedW, INDArray foldedB) {
        ArrayChecks.requireRank("W", w, 2);
        fold(w, 1, b, bn, foldedW, foldedB);
    }

    /**
     * A linear convolution (W [outC, inC, kH, kW], filter o is W[o]; b [outC] or null) followed by
     * {@code bn}; writes the weights and bias of {@code folded}, a layer of the same geometry.
     */
    public static void foldConv(Conv2dLayer conv, BatchNormLayer bn, Conv2dLayer folded) {
        INDArray w = conv.w();
        if (w.rank() < 3) {
            throw new IllegalArgumentException("conv W must be [outC, inC, kH, kW], got shape "
                    + Arrays.toString(w.shape()));
        }
        if (folded.b() == null) {
            throw new IllegalArgumentException("the folded convolution needs a bias to receive the folded shift");
        }
        fold(w, 0, conv.b(), bn, folded.w(), folded.b());
    }

    private static void fold(INDArray w, int unitAxis, @Nullable INDArray b, BatchNormLayer bn, INDArray foldedW,
                             INDArray foldedB) {
        INDArray gamma = bn.affine().gamma();
        INDArray beta = bn.affine().beta();
        INDArray runningMean = bn.running().mean();
        INDArray runningVar = bn.running().variance();
        double eps = bn.eps();
        long units = w.size(unitAxis);
        ArrayChecks.requireFiniteNonNegative("eps", eps);
        ArrayChecks.requireSameShape("W", w, "foldedW", foldedW);
        for (Object[] vector : new Object[][]{{"b", b}, {"gamma", gamma}, {"beta", beta},
                {"runningMean", runningMean}, {"runningVar", runningVar}, {"foldedB", foldedB}}) {
            if (vector[1] != null) {
                ArrayChecks.requireShape((String) vector[0], (INDArray) vector[1], units);
            }
        }
        ArrayChecks.requireSameType("W", w, "b", b, "gamma", gamma, "beta", beta, "runningMean", runningMean,
                "runningVar", runningVar, "foldedW", foldedW, "foldedB", foldedB);
        ArrayChecks.requireSameOrDisjoint("W", w, "foldedW", foldedW);
        ArrayChecks.requireSameOrDisjoint("b", b, "foldedB", foldedB);
        for (INDArray read : new INDArray[]{gamma, beta, runningMean, runningVar}) {
            ArrayChecks.requireDisjoint("foldedW", foldedW, "a BatchNorm parameter", read);
            ArrayChecks.requireDisjoint("foldedB", foldedB, "a BatchNorm parameter", read);
        }
        ArrayChecks.requireDisjoint("foldedW", foldedW, "foldedB", foldedB);

        INDArray a = Scratch.like(runningVar, Scratch.Slot.NORM_GROUP_SCALE);
        NormalizationMath.scale(runningVar, eps, a);
        if (gamma != null) {
            Nd4j.exec(new DivOp(gamma, a, a));
        } else {
            NativeOps.reciprocal(a, a);
        }
        long[] view = unitAxis == 1 ? new long[]{w.size(0), units, 1} : new long[]{1, units, w.length() / units};
        AxisBroadcast.apply(AxisBroadcast.Op.MULTIPLY, Views.input(w, view), a, Views.output("foldedW", foldedW, view));
        if (b != null) {
            NativeOps.subtract(b, runningMean, foldedB);
        } else {
            NativeOps.scale(runningMean, -1.0, foldedB);
        }
        NativeOps.multiply(foldedB, a, foldedB);
        if (beta != null) {
            NativeOps.add(foldedB, beta, foldedB);
        }
    }
}
