package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Kiln's own convolution backward: libnd4j's {@code im2col}, BLAS products per example and {@code
 * col2im}, in a per-thread scratch buffer. A null dx skips the input-gradient products and col2im
 * altogether, which is why the first layer of a network (no dx) takes this path even with libnd4j's
 * oneDNN, unless Kiln's own oneDNN computes it ({@link OneDnnWeightGradient}, float32).
 */
final class Im2colConvolution {
    private Im2colConvolution() {
    }

    /**
     * dW and (unless {@code dx} is null) dx of one dense (single-group) convolution, as im2col, two
     * BLAS products per example and col2im:
     * <pre>
     *   cols[n] = im2col(x[n])                      [K, P]   K = C·kH·kW, P = Hout·Wout
     *   dW     += dy[n] · cols[n]ᵀ                  [outC, K]
     *   cols[n] = Wᵀ · dy[n]                        [K, P]   (overwrites the columns just used)
     *   dx      = col2im(cols)
     * </pre>
     * The columns live in a per-thread scratch buffer and every product reads and writes contiguous
     * per-example blocks. Falls back to conv2d_bp when W, dW or dy cannot be viewed that way.
     */
    static void backward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, @Nullable INDArray dx, INDArray dW) {
        long outC = w.size(0);
        long k = w.size(1) * w.size(2) * w.size(3);
        long hOut = dy.size(2);
        long wOut = dy.size(3);
        long p = hOut * wOut;
        INDArray w2 = matrixView(w, outC, k);
        INDArray dW2 = matrixView(dW, outC, k);
        if (w2 == null || dW2 == null || !examplesAreContiguous(dy)) {
            INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
            LibraryConvolution.backward(FeatureLayout.NCHW, x, w, dy, g, inputGradient, dW);
            return;
        }
        INDArray columns = im2col(x, g, hOut, wOut);
        // Prepared products bound to cached per-example views: a product per example and call would
        // otherwise build a native context and two views each time (129 contexts and 258 small
        // native arrays per call for a batch of 128). All weight-gradient products read the columns
        // before the input-gradient products overwrite them with Wᵀ dy_n.
        INDArray[] dyN = ExampleViews.of(dy, outC, p);
        INDArray[] columnsN = ExampleViews.of(columns, k, p);
        ExampleProducts.sum(ExampleProducts.Form.A_BT, dyN, columnsN, dW2);
        if (dx != null) {
            ExampleProducts.each(ExampleProducts.Form.AT_B, w2, dyN, columnsN);
        }
        if (dx != null) {
            // col2im integer arguments: sH, sW, pH, pW, H, W, dH, dW, isSameMode (libnd4j's C++ order;
            // the Java Col2Im class passes kH, kW where H, W belong).
            PreparedOps.of("col2im", 1, 1, g.strideH(), g.strideW(), g.padH(), g.padW(), Math.toIntExact(x.size(2)),
                    Math.toIntExact(x.size(3)), g.dilationH(), g.dilationW(), LibraryConvolution.EXPLICIT_PADDING)
                    .input(0, columns).output(0, dx).exec();
        }
    }


    /**
     * dW of a channels-last convolution (one group, no dilation) without dx, for x [N, H, W, C] and
     * a c-ordered dy [N, Hout, Wout, outC] and dW:
     * <pre>
     *   cols[n] = im2col(x[n])                      [K, P]   K = C·kH·kW, P = Hout·Wout
     *   dWᵀ    += cols[n] · dy[n]                   [K, outC]
     * </pre>
     * dy[n] is already the row-major [P, outC] matrix, and the products write dW [outC, K] through
     * its transposed view, so nothing is permuted or copied. One product per example rather than
     * one over all N·P rows: that needs the columns as [K, N·P], and im2col into such a permuted
     * buffer took 10.2 ms for the bench CNN's conv1 (c-ordered: 1.9 ms), the product then 2.6 ms
     * more; the 128 per-example products take 4.4 ms on OpenBLAS (oneDNN's matmul: 4.5; a batched
     * product to [N, outC, K] and a sum over N: 4.6 with either).
     */
    static void channelsLastWeightGradient(INDArray x, INDArray dy, Conv2dGeometry g, INDArray dW) {
        long outC = dW.size(0);
        long k = dW.length() / outC;
        long hOut = dy.size(1);
        long wOut = dy.size(2);
        INDArray columns = im2col(FeatureLayout.NHWC.nchw(x), g, hOut, wOut);
        INDArray[] dyN = ExampleViews.of(dy, hOut * wOut, outC);
        INDArray[] columnsN = ExampleViews.of(columns, k, hOut * wOut);
        INDArray dWTransposed = ViewCache.transposed(ViewCache.reshaped(dW, outC, k));
        ExampleProducts.sum(ExampleProducts.Form.A_B, columnsN, dyN, dWTransposed);
    }


    /** libnd4j's im2col of an NCHW(-shaped) x into the per-thread columns [N, C, kH, kW, Hout, Wout]. */
    private static INDArray im2col(INDArray x, Conv2dGeometry g, long hOut, long wOut) {
        INDArray columns = Scratch.of(x.dataType(), Scratch.Slot.CONV_COLUMNS,
                x.size(0), x.size(1), g.kH(), g.kW(), hOut, wOut);
        PreparedOps.of("im2col", 1, 1, g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                g.dilationW(), LibraryConvolution.EXPLICIT_PADDING).input(0, x).output(0, columns).exec();
        return columns;
    }


    /** True when a is c-ordered with no gaps, so any reshape of it, and its per-example blocks, are views. */
    static boolean isContiguousC(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1;
    }


    /** w [outC, ...] as the matrix [outC, k] sharing its memory, or null when that needs a copy. */
    private static INDArray matrixView(INDArray w, long outC, long k) {
        if (w.ordering() == 'c' && w.elementWiseStride() == 1) {
            return ViewCache.reshaped(w, outC, k);
        }
        return Shape.newShapeNoCopy(w, new long[]{outC, k}, false);
    }

    /** True when every a[n] of an NCHW array is one contiguous c-ordered [C, H, W] block. */
    private static boolean examplesAreContiguous(INDArray a) {
        return (a.size(3) == 1 || a.stride(3) == 1)
                && (a.size(2) == 1 || a.stride(2) == a.size(3))
                && (a.size(1) == 1 || a.stride(1) == a.size(2) * a.size(3));
    }

}
