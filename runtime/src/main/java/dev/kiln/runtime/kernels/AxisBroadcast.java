package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * out = x ∘ v with a vector v [G] broadcast along axis 1 of x [A, G, B], the layout of every
 * normalization kernel. It uses libnd4j's pairwise ops with implicit (numpy-style) broadcasting
 * against v shaped [1, G, 1], or [1, G] / [G, 1] when B or A is 1: on [256, 64, 256] they were
 * 8–10x faster than the legacy BroadcastOp along a dimension (which also took ~70 ms for a
 * column broadcast over [256, 16384]), with bit-identical results.
 */
final class AxisBroadcast {
    enum Op {
        ADD, SUBTRACT, MULTIPLY, DIVIDE
    }

    private AxisBroadcast() {
    }

    /** out may be x. */
    static void apply(Op op, INDArray x, INDArray v, INDArray out) {
        long a = x.size(0);
        long g = x.size(1);
        long b = x.size(2);
        INDArray xs;
        INDArray vs;
        INDArray outs;
        if (b == 1) {
            xs = Views.input(x, a, g);
            vs = Views.input(v, 1, g);
            outs = Views.output("out", out, a, g);
        } else if (a == 1) {
            xs = Views.input(x, g, b);
            vs = Views.input(v, g, 1);
            outs = Views.output("out", out, g, b);
        } else {
            xs = x;
            vs = Views.input(v, 1, g, 1);
            outs = out;
        }
        switch (op) {
            case ADD -> NativeOps.add(xs, vs, outs);
            case SUBTRACT -> NativeOps.subtract(xs, vs, outs);
            case MULTIPLY -> NativeOps.multiply(xs, vs, outs);
            case DIVIDE -> NativeOps.divide(xs, vs, outs);
        }
    }
}
