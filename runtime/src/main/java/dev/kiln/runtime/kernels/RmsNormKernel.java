package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * RMS normalization: per sample of x [N, …], over all its non-batch axes (D values),
 * r = √(mean(x²) + ε) and y = γ ⊙ x / r, with no mean subtraction and no β. γ has the non-batch
 * shape or is null (γ = 1). The stored {@code rms} [N] is r itself, ε included.
 *
 * <p><b>Backward.</b> With u = x/r and du = dy ⊙ γ, ∂r/∂x_j = x_j/(D·r) gives
 * ∂u_i/∂x_j = δ_ij/r − x_i·x_j/(D·r³), so
 * <pre>
 *   dx = (1/r)·(du − x ⊙ Σ_j(du_j·x_j)/(D·r²)) = (1/r)·(du − u ⊙ mean(du ⊙ u))
 *   dγ = Σ_n dy ⊙ x / r
 * </pre>
 * (the LayerNorm formula without the mean(dx̂) term, because nothing was subtracted). Unlike
 * LayerNorm, Σ dx is not 0; instead Σ_j dx_j·x_j = (ε/r²)·Σ_j du_j·x_j/r, which vanishes as ε → 0
 * (y is then invariant to scaling x).
 *
 * <p>Aliasing: y may be x; dx may be dy. Nothing else may share memory.
 */
public final class RmsNormKernel {
    private RmsNormKernel() {
    }

    /** Writes the buffers' rms [N] = √(mean(x²) + ε) per sample and y = γ ⊙ x / rms (shaped like x). */
    public static void forward(INDArray x, NormLayer layer, RmsNormBuffers buffers) {
        INDArray gamma = layer.affine().gamma();
        double eps = layer.eps();
        INDArray rms = buffers.rms();
        INDArray y = buffers.out();
        long[] features = featureShape(x);
        long n = x.size(0);
        long d = x.length() / n;
        ArrayChecks.requireFiniteNonNegative("eps", eps);
        if (gamma != null) {
            ArrayChecks.requireShape("gamma", gamma, features);
        }
        ArrayChecks.requireShape("rms", rms, n);
        ArrayChecks.requireSameShape("x", x, "y", y);
        ArrayChecks.requireSameType("x", x, "gamma", gamma, "rms", rms, "y", y);
        ArrayChecks.requireSameOrDisjoint("x", x, "y", y);
        ArrayChecks.requireDisjoint("rms", rms, "x", x);
        ArrayChecks.requireDisjoint("rms", rms, "y", y);
        ArrayChecks.requireDisjoint("gamma", gamma, "y", y);

        INDArray x2 = Views.input(x, n, d);
        INDArray squares = Scratch.like(x2, Scratch.Slot.NORM_PRODUCT);
        NativeOps.multiply(x2, x2, squares);
        perSampleSum(squares, rms);
        NativeOps.divide(rms, ScalarRegister.of(rms.dataType(), d), rms);
        NativeOps.addScalar(rms, eps, rms);
        Nd4j.exec(new Sqrt(rms, rms));
        INDArray y2 = Views.output("y", y, n, d);
        perSample(AxisBroadcast.Op.DIVIDE, x2, rms, y2);
        if (gamma != null) {
            perFeature(AxisBroadcast.Op.MULTIPLY, y2, gamma, y2);
        }
    }

    /**
     * dx and the layer's dGamma (non-batch shape; skipped where the layer holds none) as in the class
     * comment. x and the buffers' rms are the forward's; since rms already contains ε, the layer's
     * ε is only validated here.
     */
    public static void backward(INDArray dy, INDArray x, NormLayer layer, RmsNormBuffers buffers, INDArray dx) {
        INDArray gamma = layer.affine().gamma();
        INDArray dGamma = layer.affine().gammaGrad();
        INDArray rms = buffers.rms();
        double eps = layer.eps();
        long[] features = featureShape(x);
        long n = x.size(0);
        long d = x.length() / n;
        ArrayChecks.requireFiniteNonNegative("eps", eps);
        if (gamma != null) {
            ArrayChecks.requireShape("gamma", gamma, features);
        }
        if (dGamma != null) {
            ArrayChecks.requireShape("dGamma", dGamma, features);
        }
        ArrayChecks.requireShape("rms", rms, n);
        ArrayChecks.requireSameShape("x", x, "dy", dy);
        ArrayChecks.requireSameShape("x", x, "dx", dx);
        ArrayChecks.requireSameType("x", x, "dy", dy, "gamma", gamma, "rms", rms, "dx", dx, "dGamma", dGamma);
        ArrayChecks.requireSameOrDisjoint("dy", dy, "dx", dx);
        for (INDArray read : new INDArray[]{x, gamma, rms}) {
            ArrayChecks.requireDisjoint("dx", dx, "x, gamma or rms", read);
            ArrayChecks.requireDisjoint("dGamma", dGamma, "x, gamma or rms", read);
        }
        ArrayChecks.requireDisjoint("dGamma", dGamma, "dy", dy);
        ArrayChecks.requireDisjoint("dGamma", dGamma, "dx", dx);

        INDArray x2 = Views.input(x, n, d);
        INDArray dy2 = Views.input(dy, n, d);
        INDArray product = Scratch.like(x2, Scratch.Slot.NORM_PRODUCT);
        if (dGamma != null) { // first: dx may be dy
            NativeOps.multiply(dy2, x2, product);
            perSample(AxisBroadcast.Op.DIVIDE, product, rms, product);
            AxisSums.sum(Views.input(product, n, d, 1), Views.output("dGamma", dGamma, d));
        }
        INDArray dx2 = Views.output("dx", dx, n, d);
        if (gamma != null) {
            perFeature(AxisBroadcast.Op.MULTIPLY, dy2, gamma, dx2);
        } else if (!ArrayChecks.sameMemory(dy2, dx2)) {
            dx2.assign(dy2);
        }
        // k_n = Σ_j du_j x_j / (D r_n²), then dx = (du − x ⊙ k) / r.
        INDArray k = Scratch.like(rms, Scratch.Slot.NORM_GROUP_MEAN_1);
        NativeOps.multiply(dx2, x2, product);
        perSampleSum(product, k);
        NativeOps.divide(k, rms, k);
        NativeOps.divide(k, rms, k);
        NativeOps.divide(k, ScalarRegister.of(k.dataType(), d), k);
        perSample(AxisBroadcast.Op.MULTIPLY, x2, k, product);
        NativeOps.subtract(dx2, product, dx2);
        perSample(AxisBroadcast.Op.DIVIDE, dx2, rms, dx2);
    }

    /** out [N] = the sum of each sample's (row's) values of a [N, D]. */
    private static void perSampleSum(INDArray a, INDArray out) {
        AxisSums.sum(Views.input(a, 1, a.size(0), a.size(1)), out);
    }

    /** out = a ∘ v for a [N, D] and v [N], one value per sample (row). */
    private static void perSample(AxisBroadcast.Op op, INDArray a, INDArray v, INDArray out) {
        long n = a.size(0);
        long d = a.size(1);
        AxisBroadcast.apply(op, Views.input(a, 1, n, d), v, Views.output("out", out, 1, n, d));
    }

    /** out = a ∘ γ for a [N, D] and γ with D elements, one value per feature (column). */
    private static void perFeature(AxisBroadcast.Op op, INDArray a, INDArray gamma, INDArray out) {
        long n = a.size(0);
        long d = a.size(1);
        AxisBroadcast.apply(op, Views.input(a, n, d, 1), Views.input(gamma, d), Views.output("out", out, n, d, 1));
    }

    private static long[] featureShape(INDArray x) {
        if (x.rank() < 2 || x.isEmpty()) {
            throw new IllegalArgumentException("RMS norm input must be a non-empty [N, …] of rank >= 2, got shape "
                    + Arrays.toString(x.shape()));
        }
        return Arrays.copyOfRange(x.shape(), 1, x.rank());
    }
}
