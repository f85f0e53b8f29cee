package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Weight normalization per output unit (reference §7.3): w = g·v/‖v‖, with g and v trained.
 * <ul>
 *   <li>dense: v [in, out] (W's layout); unit j is column j; g and norms are [out];</li>
 *   <li>conv: v [outC, inC, kH, kW] (any rank ≥ 3 with output channels first); unit o is filter o,
 *       normed over [inC, kH, kW]; g and norms are [outC].</li>
 * </ul>
 * A rank-2 v is always the dense layout. Backward: dg = ⟨dw, v⟩/‖v‖ and
 * dv = (g/‖v‖)(dw − (dg/‖v‖)·v), which is orthogonal to v, so a plain gradient step never shrinks
 * ‖v‖. A unit with v = 0 has no direction and gives NaN; {@link #initialize} refuses it.
 *
 * <p>Aliasing: dv may be dw; nothing else may share memory (w is derived, v is the parameter).
 */
public final class WeightNormKernel {
    private WeightNormKernel() {
    }

    /** Writes norms = ‖v‖ per unit and w = g·v/‖v‖ (shaped like v). */
    public static void forward(INDArray v, INDArray g, INDArray norms, INDArray w) {
        long[] view = unitView(v);
        long units = view[1];
        ArrayChecks.requireShape("g", g, units);
        ArrayChecks.requireShape("norms", norms, units);
        ArrayChecks.requireSameShape("v", v, "w", w);
        ArrayChecks.requireSameType("v", v, "g", g, "norms", norms, "w", w);
        ArrayChecks.requireDisjoint("w", w, "v", v);
        ArrayChecks.requireDisjoint("w", w, "g", g);
        ArrayChecks.requireDisjoint("w", w, "norms", norms);
        ArrayChecks.requireDisjoint("norms", norms, "v", v);
        ArrayChecks.requireDisjoint("norms", norms, "g", g);

        INDArray v3 = Views.input(v, view);
        norms(v3, norms);
        INDArray factor = Scratch.like(norms, Scratch.Slot.NORM_GROUP_SCALE);
        NativeOps.divide(g, norms, factor);
        AxisBroadcast.apply(AxisBroadcast.Op.MULTIPLY, v3, factor, Views.output("w", w, view));
    }

    /**
     * dg = ⟨dw, v⟩/‖v‖ per unit and dv = (g/‖v‖)(dw − (dg/‖v‖)·v), from the forward's norms.
     * dg may be null (g frozen); dv may be dw.
     */
    public static void backward(INDArray dw, INDArray v, INDArray g, INDArray norms, INDArray dv, @Nullable INDArray dg) {
        long[] view = unitView(v);
        long units = view[1];
        ArrayChecks.requireShape("g", g, units);
        ArrayChecks.requireShape("norms", norms, units);
        if (dg != null) {
            ArrayChecks.requireShape("dg", dg, units);
        }
        ArrayChecks.requireSameShape("v", v, "dw", dw);
        ArrayChecks.requireSameShape("v", v, "dv", dv);
        ArrayChecks.requireSameType("v", v, "dw", dw, "g", g, "norms", norms, "dv", dv, "dg", dg);
        ArrayChecks.requireSameOrDisjoint("dw", dw, "dv", dv);
        for (INDArray read : new INDArray[]{v, g, norms}) {
            ArrayChecks.requireDisjoint("dv", dv, "v, g or norms", read);
            ArrayChecks.requireDisjoint("dg", dg, "v, g or norms", read);
        }
        ArrayChecks.requireDisjoint("dg", dg, "dw", dw);
        ArrayChecks.requireDisjoint("dg", dg, "dv", dv);

        INDArray v3 = Views.input(v, view);
        INDArray dw3 = Views.input(dw, view);
        INDArray product = Scratch.like(v3, Scratch.Slot.NORM_PRODUCT);
        INDArray gradG = dg != null ? dg : Scratch.like(norms, Scratch.Slot.NORM_GROUP_MEAN_2);
        NativeOps.multiply(dw3, v3, product);
        AxisSums.sum(product, gradG);
        NativeOps.divide(gradG, norms, gradG);
        // t = dg/‖v‖; dv = (dw − t·v) · g/‖v‖. dw is not read after the subtraction, so dv may be dw.
        INDArray t = Scratch.like(norms, Scratch.Slot.NORM_GROUP_MEAN_1);
        NativeOps.divide(gradG, norms, t);
        AxisBroadcast.apply(AxisBroadcast.Op.MULTIPLY, v3, t, product);
        INDArray dv3 = Views.output("dv", dv, view);
        NativeOps.subtract(dw3, product, dv3);
        INDArray factor = Scratch.like(norms, Scratch.Slot.NORM_GROUP_SCALE);
        NativeOps.divide(g, norms, factor);
        AxisBroadcast.apply(AxisBroadcast.Op.MULTIPLY, dv3, factor, dv3);
    }

    /** g = ‖v‖ per unit, so that w = v at the start. Throws for a unit whose v is all zeros. */
    public static void initialize(INDArray v, INDArray g) {
        long[] view = unitView(v);
        ArrayChecks.requireShape("g", g, view[1]);
        ArrayChecks.requireSameType("v", v, "g", g);
        ArrayChecks.requireDisjoint("g", g, "v", v);
        norms(Views.input(v, view), g);
        for (long j = 0; j < g.length(); j++) {
            if (!(g.getDouble(j) > 0.0) || Double.isInfinite(g.getDouble(j))) {
                throw new IllegalArgumentException("weight norm needs a nonzero, finite v for every output unit, but"
                        + " unit " + j + " has ‖v‖ = " + g.getDouble(j));
            }
        }
    }

    /** ‖v‖ per unit of the [A, units, B] view into norms [units]: the per-unit sums of v ⊙ v. */
    private static void norms(INDArray v3, INDArray norms) {
        INDArray squares = Scratch.like(v3, Scratch.Slot.NORM_PRODUCT);
        NativeOps.multiply(v3, v3, squares);
        AxisSums.sum(squares, norms);
        Nd4j.exec(new Sqrt(norms, norms));
    }

    /** [in, out, 1] for dense v, [1, outC, inC·kH·kW] for a filter bank. */
    private static long[] unitView(INDArray v) {
        if (v.rank() < 2 || v.isEmpty()) {
            throw new IllegalArgumentException("weight norm needs a non-empty dense [in, out] or conv [outC, inC, kH, kW]"
                    + " weight, got shape " + Arrays.toString(v.shape()));
        }
        if (v.rank() == 2) {
            return new long[]{v.size(0), v.size(1), 1};
        }
        return new long[]{1, v.size(0), v.length() / v.size(0)};
    }
}
