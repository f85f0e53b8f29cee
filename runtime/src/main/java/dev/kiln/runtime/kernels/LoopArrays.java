package dev.kiln.runtime.kernels;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The arrays of a kernel written as plain Java loops over their memory ({@link PReluKernel},
 * {@link MaxoutKernel}): one fused pass where libnd4j would need several ops, each a full pass over
 * memory, and exact control of the cases its ops decide otherwise (the derivative at x = 0, NaN).
 *
 * <p>A c-ordered, contiguous array's element i (in c order) is index i of its data buffer's
 * indexer: ND4J gives a view a buffer of its own that starts at the view's first element (an
 * INDArray's {@code offset()} is that buffer's offset), and the indexer of a native buffer is a raw
 * one (direct memory reads and writes, bounds-checked against the buffer, no copy). Any other array (a permuted or strided view) is copied into
 * a per-thread scratch buffer for reading ({@link #input}), and an output that is one is computed in
 * scratch and copied into it afterwards ({@link #output}, {@link #finish}), so the loops only ever
 * see flat c-ordered memory.
 */
final class LoopArrays {
    private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[16]);

    private LoopArrays() {
    }

    /** c-ordered without gaps, so element i in c order is buffer index i. */
    static boolean isFlat(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1;
    }

    /** {@code a} itself when flat, else a c-ordered copy of it in {@code slot}. */
    static INDArray input(INDArray a, Scratch.Slot slot) {
        if (isFlat(a)) {
            return a;
        }
        INDArray copy = Scratch.like(a, slot);
        NativeCalls.ASSIGN.get().input(0, copy).input(1, a).output(0, copy).exec();
        return copy;
    }

    /** Where to write the output {@code a}: {@code a} itself when flat, else scratch for {@link #finish}. */
    static INDArray output(INDArray a, Scratch.Slot slot) {
        return isFlat(a) ? a : Scratch.like(a, slot);
    }

    /** Copies what was written into {@code written} (from {@link #output}) into {@code a}, unless it is {@code a}. */
    static void finish(INDArray written, INDArray a) {
        if (written != a) {
            NativeCalls.ASSIGN.get().input(0, a).input(1, written).output(0, a).exec();
        }
    }

    static FloatIndexer floats(INDArray flat) {
        return (FloatIndexer) flat.data().indexer();
    }

    static DoubleIndexer doubles(INDArray flat) {
        return (DoubleIndexer) flat.data().indexer();
    }

    /** This thread's zeroed float64 accumulators, at least {@code count} of them (per-channel sums). */
    static double[] sums(long count) {
        double[] sums = SUMS.get();
        if (sums.length < count) {
            sums = new double[Math.toIntExact(count)];
            SUMS.set(sums);
        } else {
            Arrays.fill(sums, 0, (int) count, 0.0);
        }
        return sums;
    }

    /** Throws unless x is float32 or float64, the types the loops are written for. */
    static void requireFloatingPoint(String kernel, INDArray x) {
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(kernel + " works on FLOAT and DOUBLE arrays; x is " + x.dataType());
        }
    }

    /**
     * The channel axis of a kernel input in {@code layout}: 3 for a 4-D array in NHWC, else 1 (the
     * layout concerns 4-D arrays only; [N, C] and other ranks keep channels on axis 1).
     */
    static int channelAxis(String kernel, FeatureLayout layout, INDArray x) {
        if (x.rank() < 2 || x.isEmpty()) {
            throw new IllegalArgumentException(kernel + " input x must be a non-empty array of rank >= 2 with channels"
                    + " on axis 1 ([N, C], [N, C, H, W], ...) or, in NHWC, [N, H, W, C]; got shape "
                    + Arrays.toString(x.shape()));
        }
        return layout == FeatureLayout.NHWC && x.rank() == 4 ? layout.channelAxis() : 1;
    }

    /** The product of x's sizes after {@code axis}. */
    static long after(INDArray x, int axis) {
        long inner = 1;
        for (int d = axis + 1; d < x.rank(); d++) {
            inner *= x.size(d);
        }
        return inner;
    }
}
