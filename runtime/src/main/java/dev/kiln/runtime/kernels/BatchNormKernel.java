package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Batch normalization (reference §7.1, §7.2) for dense input x [N, C] (statistics over N per
 * feature) and channels-first input x [N, C, H, W] (over N, H, W per channel; any rank ≥ 2 with
 * channels on axis 1 works the same way). γ and β are [C], or null when the layer has no affine
 * part (γ = 1, β = 0). ε sits inside the square root.
 *
 * <p>Training normalizes with the biased batch variance and then updates the running statistics
 * with the unbiased one ({@link #updateRunning}); inference uses the running statistics only, so
 * a sample's output does not depend on the rest of its batch. Every method takes the layer as a
 * {@link BatchNormLayer} (its parameters, gradients, statistics, ε and decay, built once with the
 * model) and, in training, its per-batch {@link BatchNormBuffers}: input first, then the layer, then
 * its buffers or the output.
 *
 * <p>The methods taking a {@link FeatureLayout} read 4-D arrays in that layout; channels-last x
 * [N, H, W, C] is the matrix [N·H·W, C], whose per-channel sums are column sums.
 *
 * <p>Aliasing: in {@link #forwardTraining}, x̂ may be x and y may be x; y may be x̂ only
 * without γ and β. In {@link #forwardInference}, y may be x. In {@link #backward}, dx may be dy.
 * Nothing else may share memory.
 */
public final class BatchNormKernel {
    private BatchNormKernel() {
    }

    /**
     * Batch statistics and normalized output in training: writes the layer's batch statistics
     * (mean [C] and biased variance, 1/m), x̂ = (x − μ_B)/√(σ²_B + ε) and y = γ ⊙ x̂ + β into
     * {@code buffers} (both shaped like x).
     *
     * @throws IllegalArgumentException when a channel has only one value (m = 1), where the batch
     *                                  variance is 0 and every output would be β
     */
    public static void forwardTraining(INDArray x, BatchNormLayer bn, BatchNormBuffers buffers) {
        forwardTraining(FeatureLayout.NCHW, x, bn, buffers);
    }

    /** As {@link #forwardTraining(INDArray, BatchNormLayer, BatchNormBuffers)} in {@code layout}. */
    public static void forwardTraining(FeatureLayout layout, INDArray x, BatchNormLayer bn, BatchNormBuffers buffers) {
        long c = channels(layout, x);
        INDArray gamma = bn.affine().gamma();
        INDArray beta = bn.affine().beta();
        Moments batch = bn.trainingBatch();
        checkParameters(c, gamma, beta);
        ArrayChecks.requireShape("batchMean", batch.mean(), c);
        ArrayChecks.requireShape("batchVar", batch.variance(), c);
        ArrayChecks.requireSameShape("x", x, "xHat", buffers.xHat());
        ArrayChecks.requireSameShape("x", x, "y", buffers.out());
        ArrayChecks.requireSameType("x", x, "gamma", gamma, "beta", beta, "batchMean", batch.mean(),
                "batchVar", batch.variance(), "xHat", buffers.xHat(), "y", buffers.out());
        if (valuesPerChannel(layout, x) < 2) {
            throw new IllegalArgumentException("batch norm needs more than one value per channel in training; got batch "
                    + Arrays.toString(x.shape()) + "; use LayerNorm or GroupNorm for batches of one");
        }
        if (OneDnnBatchNorm.runs(layout, x, gamma, beta, batch.mean(), batch.variance(), buffers.xHat(), buffers.out())) {
            NormalizationMath.checkForward(x, bn, batch, buffers);
            OneDnnBatchNorm.forwardTraining(layout, x, bn, buffers);
        } else {
            NormalizationMath.forward(views(layout, x), x, bn, batch, buffers);
        }
    }

    /** As {@link #updateRunning(FeatureLayout, INDArray, BatchNormLayer)} for x in NCHW. */
    public static void updateRunning(INDArray x, BatchNormLayer bn) {
        updateRunning(FeatureLayout.NCHW, x, bn);
    }

    /**
     * After {@link #forwardTraining} on x: r_μ ← d·r_μ + (1 − d)·μ_B and r_σ² ← d·r_σ² + (1 − d)·(m/(m − 1))·σ²_B,
     * in place: decay d (0.9 in Kiln) weighs the old value, and the biased batch variance is made
     * unbiased with m = {@link #valuesPerChannel} of x. Start from r_μ = 0, r_σ² = 1.
     */
    public static void updateRunning(FeatureLayout layout, INDArray x, BatchNormLayer bn) {
        long m = valuesPerChannel(layout, x);
        if (m < 2) {
            throw new IllegalArgumentException("the unbiased variance needs m > 1 values per channel, got m = " + m);
        }
        double decay = bn.decay();
        INDArray runningMean = bn.running().mean();
        INDArray runningVar = bn.running().variance();
        INDArray batchMean = bn.trainingBatch().mean();
        INDArray batchVar = bn.trainingBatch().variance();
        ArrayChecks.requireRank("runningMean", runningMean, 1);
        long c = runningMean.length();
        ArrayChecks.requireShape("runningVar", runningVar, c);
        ArrayChecks.requireShape("batchMean", batchMean, c);
        ArrayChecks.requireShape("batchVar", batchVar, c);
        ArrayChecks.requireDisjoint("runningMean", runningMean, "runningVar", runningVar);
        ArrayChecks.requireDisjoint("runningMean", runningMean, "batchMean", batchMean);
        ArrayChecks.requireDisjoint("runningVar", runningVar, "batchVar", batchVar);
        INDArray weighted = Scratch.like(batchMean, Scratch.Slot.RUNNING_STATISTIC);
        NativeOps.scale(runningMean, decay, runningMean);
        NativeOps.scale(batchMean, 1.0 - decay, weighted);
        NativeOps.add(runningMean, weighted, runningMean);
        NativeOps.scale(runningVar, decay, runningVar);
        NativeOps.scale(batchVar, (1.0 - decay) * m / (m - 1.0), weighted);
        NativeOps.add(runningVar, weighted, runningVar);
    }

    /**
     * y = γ ⊙ (x − r_μ)/√(r_σ² + ε) + β with the running statistics, by libnd4j's {@code batchnorm}
     * op (one pass; agrees with the formula to ~2e-15 in float64). y may be x.
     */
    public static void forwardInference(INDArray x, BatchNormLayer bn, INDArray y) {
        forwardInference(FeatureLayout.NCHW, x, bn, y);
    }

    /** As {@link #forwardInference(INDArray, BatchNormLayer, INDArray)} in {@code layout}. */
    public static void forwardInference(FeatureLayout layout, INDArray x, BatchNormLayer bn, INDArray y) {
        long c = channels(layout, x);
        INDArray gamma = bn.affine().gamma();
        INDArray beta = bn.affine().beta();
        INDArray runningMean = bn.running().mean();
        INDArray runningVar = bn.running().variance();
        checkParameters(c, gamma, beta);
        ArrayChecks.requireShape("runningMean", runningMean, c);
        ArrayChecks.requireShape("runningVar", runningVar, c);
        ArrayChecks.requireSameShape("x", x, "y", y);
        ArrayChecks.requireSameType("x", x, "gamma", gamma, "beta", beta, "runningMean", runningMean,
                "runningVar", runningVar, "y", y);
        ArrayChecks.requireSameOrDisjoint("x", x, "y", y);
        for (INDArray read : new INDArray[]{gamma, beta, runningMean, runningVar}) {
            ArrayChecks.requireDisjoint("y", y, "a parameter or running statistic", read);
        }
        BatchNorm op = new BatchNorm(x, runningMean, runningVar, gamma, beta, bn.eps(), channelAxis(layout, x));
        op.addOutputArgument(y);
        Nd4j.exec(op);
    }

    /**
     * Gradients of the training forward given dy: dx = (1/s)(dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂))
     * with dx̂ = dy ⊙ γ and s = √(σ²_B + ε) per channel; the layer's dγ = Σ dy ⊙ x̂ and dβ = Σ dy over
     * N (and H, W), each where its gradient buffer is not null. x̂ ({@code buffers}) and the batch
     * variance are the forward's. dx may be dy.
     */
    public static void backward(INDArray dy, BatchNormLayer bn, BatchNormBuffers buffers, INDArray dx) {
        backward(FeatureLayout.NCHW, dy, bn, buffers, dx);
    }

    /** As {@link #backward(INDArray, BatchNormLayer, BatchNormBuffers, INDArray)} in {@code layout}. */
    public static void backward(FeatureLayout layout, INDArray dy, BatchNormLayer bn, BatchNormBuffers buffers, INDArray dx) {
        INDArray xHat = buffers.xHat();
        INDArray gamma = bn.affine().gamma();
        INDArray dGamma = bn.affine().gammaGrad();
        INDArray dBeta = bn.affine().betaGrad();
        INDArray batchVar = bn.trainingBatch().variance();
        long c = channels(layout, xHat);
        checkParameters(c, gamma, null);
        ArrayChecks.requireShape("batchVar", batchVar, c);
        ArrayChecks.requireSameShape("xHat", xHat, "dy", dy);
        ArrayChecks.requireSameShape("xHat", xHat, "dx", dx);
        if (dGamma != null) {
            ArrayChecks.requireShape("dGamma", dGamma, c);
        }
        if (dBeta != null) {
            ArrayChecks.requireShape("dBeta", dBeta, c);
        }
        ArrayChecks.requireSameType("xHat", xHat, "dy", dy, "gamma", gamma, "batchVar", batchVar, "dx", dx,
                "dGamma", dGamma, "dBeta", dBeta);
        if (OneDnnBatchNorm.runs(layout, xHat, dy, gamma, batchVar, dx, dGamma, dBeta)) {
            NormalizationMath.checkBackward(dy, bn, batchVar, xHat, dx);
            OneDnnBatchNorm.backward(layout, dy, bn, buffers, dx);
        } else {
            NormalizationMath.backward(views(layout, xHat), dy, bn, batchVar, xHat, dx);
        }
    }

    /** m, the number of values behind each channel's statistics: N for [N, C], N·H·W for [N, C, H, W]. */
    public static long valuesPerChannel(INDArray x) {
        return valuesPerChannel(FeatureLayout.NCHW, x);
    }

    /** As {@link #valuesPerChannel(INDArray)} for x in {@code layout}. */
    public static long valuesPerChannel(FeatureLayout layout, INDArray x) {
        return x.length() / channels(layout, x);
    }

    private static long channels(FeatureLayout layout, INDArray x) {
        if (x.rank() < 2 || x.isEmpty()) {
            throw new IllegalArgumentException("batch norm input must be a non-empty [N, C] or [N, C, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        return x.size(channelAxis(layout, x));
    }

    /** The channels' axis: 1, or 3 for a 4-D array in NHWC (the layout only concerns 4-D arrays). */
    private static int channelAxis(FeatureLayout layout, INDArray x) {
        if (layout == FeatureLayout.NCHW) {
            return 1;
        }
        ArrayChecks.requireRank("channels-last batch norm input", x, 4);
        return layout.channelAxis();
    }

    /**
     * The statistics and affine views, the same for batch norm: [N, C, ∏spatial] channels-first, or
     * channels-last [N·H·W, C, 1].
     */
    private static NormalizationMath.Layout views(FeatureLayout layout, INDArray x) {
        long c = channels(layout, x);
        long outer = layout == FeatureLayout.NCHW ? x.size(0) : x.length() / c;
        long inner = x.length() / (outer * c);
        return new NormalizationMath.Layout(outer, c, inner, outer, c, inner);
    }

    private static void checkParameters(long c, @Nullable INDArray gamma, @Nullable INDArray beta) {
        if (gamma != null) {
            ArrayChecks.requireShape("gamma", gamma, c);
        }
        if (beta != null) {
            ArrayChecks.requireShape("beta", beta, c);
        }
    }
}
