package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The backward of a float32 channels-last 2x2 max pool of stride 2 without padding (the pools of
 * the Fashion-MNIST CNNs and of the bench), as one Java pass: each window's arg-max is found again from x and
 * takes dy, every other element of dx gets 0. The windows do not overlap, so each element of dx is
 * written once and nothing is added: the result is bit for bit what any correct implementation
 * gives. A row or column that an odd size leaves outside every window gets 0.
 *
 * <p>Why not oneDNN: its training forward (which fills the arg-max workspace) took 5.9 ms and its
 * backward 4.2 ms a call for FashionCnn's first pool (batch 128, 28x28x32, 2 cores), where a copy of
 * x takes 1.0 ms. Why no branches: with real data which of the four elements is largest is a coin
 * toss for the branch predictor; the arg-max as comparison masks ran 4-7 ms for the same windows,
 * the same scan with branches 27-30 ms.
 *
 * <p>The arg-max is {@link MaxPool2dKernel}'s: at a tie the gradient goes to the first maximum in
 * row-major order (top-left, top-right, bottom-left, bottom-right). A window holding a NaN has a
 * NaN maximum that equals none of its elements, so it passes no gradient.
 */
final class MaxPool2x2Backward {
    /** Per thread: two input rows, their part of dx and one row of dy, on the heap. */
    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);
    private static final boolean ON_CPU = "CPU".equals(Backend.current().backend());

    private MaxPool2x2Backward() {
    }

    /**
     * True for NHWC float32 arrays without gaps and a 2x2 window of stride 2 without padding, in host
     * memory (ND4J's CPU backend: on CUDA the arrays live on the GPU).
     */
    static boolean runs(FeatureLayout layout, INDArray x, INDArray dy, Pool2dGeometry g, INDArray dx) {
        return ON_CPU && layout == FeatureLayout.NHWC && g.equals(Pool2dGeometry.of(2, 2, 0))
                && isFlatFloat(x) && isFlatFloat(dy) && isFlatFloat(dx);
    }

    /**
     * dx [N, H, W, C] = dy [N, H/2, W/2, C] routed to each window's arg-max, overwritten. The images
     * are split over {@link NativeThreads#loopThreads} threads (the caller and the common fork-join
     * pool); each writes its own images only, so the result does not depend on the split.
     */
    static void backward(INDArray x, INDArray dy, INDArray dx) {
        Images images = new Images(floats(x), floats(dy), floats(dx), Math.toIntExact(x.size(1)),
                Math.toIntExact(x.size(2)), Math.toIntExact(x.size(3)));
        int n = Math.toIntExact(x.size(0));
        int parts = Math.min(n, NativeThreads.loopThreads());
        if (parts <= 1) {
            images.route(0, n);
        } else {
            IntStream.range(0, parts).parallel().forEach(part -> images.route(part * n / parts, (part + 1) * n / parts));
        }
    }

    /** The three arrays as float buffers and the input's height, width and channels. */
    private record Images(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, int h, int w, int c) {
        /** dx of images [from, to). Absolute bulk reads and writes only, so threads may share the buffers. */
        void route(int from, int to) {
            int hOut = h / 2;
            int wOut = w / 2;
            int row = w * c;
            Rows rows = ROWS.get().sized(row, wOut * c);
            for (int n = from; n < to; n++) {
                int image = n * h * row;
                for (int p = 0; p < hOut; p++) {
                    int top = image + 2 * p * row;
                    x.get(top, rows.x, 0, 2 * row);
                    dy.get((n * hOut + p) * wOut * c, rows.dy, 0, wOut * c);
                    rows.route(row, c, wOut * 2 * c);
                    dx.put(top, rows.dx, 0, 2 * row);
                }
                if (h % 2 == 1) {
                    dx.put(image + (h - 1) * row, rows.zeros, 0, row);
                }
            }
        }
    }

    private static boolean isFlatFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 4 && LoopArrays.isFlat(a)
                && a.length() <= Integer.MAX_VALUE;
    }

    /**
     * The array's elements as a float buffer over its native memory, indexed from its first element
     * (the NIO view of a view's data starts where the whole buffer does, so it is moved on by the offset).
     */
    private static FloatBuffer floats(INDArray a) {
        FloatBuffer whole = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return whole.position(Math.toIntExact(a.offset())).slice();
    }

    /** One output row's windows on the heap, grown to the largest row seen on this thread. */
    private static final class Rows {
        private float[] x = new float[0];
        private float[] dx = new float[0];
        private float[] dy = new float[0];
        private float[] zeros = new float[0];

        Rows sized(int row, int dyLength) {
            if (zeros.length < row) {
                x = new float[2 * row];
                dx = new float[2 * row];
                zeros = new float[row];
            }
            if (dy.length < dyLength) {
                dy = new float[dyLength];
            }
            return this;
        }

        /**
         * dx of the two rows in x (each {@code row} floats): per window and channel, dy at the first
         * maximum and 0 elsewhere, as bit masks. {@code c} channels per pixel; the first {@code
         * covered} floats of each row lie in windows, the rest (an odd width's last column) get 0.
         */
        void route(int row, int c, int covered) {
            for (int left = 0, out = 0; left < covered; left += 2 * c, out += c) {
                int right = left + c;
                int bottomLeft = left + row;
                int bottomRight = right + row;
                for (int ch = 0; ch < c; ch++) {
                    float a = x[left + ch];
                    float b = x[right + ch];
                    float d = x[bottomLeft + ch];
                    float e = x[bottomRight + ch];
                    float max = Math.max(Math.max(a, b), Math.max(d, e));
                    int takesA = a == max ? -1 : 0;
                    int takesB = (b == max ? -1 : 0) & ~takesA;
                    int takesD = (d == max ? -1 : 0) & ~(takesA | takesB);
                    int takesE = (e == max ? -1 : 0) & ~(takesA | takesB | takesD);
                    int gradient = Float.floatToRawIntBits(dy[out + ch]);
                    dx[left + ch] = Float.intBitsToFloat(gradient & takesA);
                    dx[right + ch] = Float.intBitsToFloat(gradient & takesB);
                    dx[bottomLeft + ch] = Float.intBitsToFloat(gradient & takesD);
                    dx[bottomRight + ch] = Float.intBitsToFloat(gradient & takesE);
                }
            }
            Arrays.fill(dx, covered, row, 0f);
            Arrays.fill(dx, row + covered, 2 * row, 0f);
        }
    }
}
