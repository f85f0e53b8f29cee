package dev.kiln.bench.tensorflow;

import dev.kiln.bench.peer.Arrays32;

/**
 * Kiln's parameter layouts to TensorFlow's and back. TensorFlow's CPU convolutions are fastest in
 * NHWC with HWIO filters, so the worker keeps its tensors the way a TensorFlow user would have them
 * and converts the bench's files once on the way in and out:
 * <ul>
 *   <li>a convolution filter: Kiln's [out, in, kh, kw] to [kh, kw, in, out];</li>
 *   <li>the dense layer after the CNN's flatten: Kiln flattens a channels-first map, (c, h, w) per
 *       row of the weight, TensorFlow's NHWC map flattens as (h, w, c), so the rows are permuted;</li>
 *   <li>a bias, gamma or beta: one dimension (TensorFlow's BiasAdd and batch norm take vectors);</li>
 *   <li>a dense weight: [in, out] in both.</li>
 * </ul>
 * {@code flatMap} is the CNN's map before flatten as {channels, height, width}, or null for the MLP.
 */
final class TfLayout {
    private final int[] flatMap;

    TfLayout(int[] flatMap) {
        this.flatMap = flatMap;
    }

    /** The parameter's shape in TensorFlow. */
    long[] shape(String name, long[] kiln) {
        if (isConv(name)) {
            return new long[]{kiln[2], kiln[3], kiln[1], kiln[0]};
        }
        if (kiln.length == 2 && name.endsWith(".W")) {
            return kiln.clone();
        }
        long size = 1;
        for (long d : kiln) {
            size *= d;
        }
        return new long[]{size};
    }

    float[] toTensorFlow(String name, Arrays32.Array kiln) {
        int[] from = kilnIndexOf(name, kiln.shape());
        float[] out = new float[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = kiln.values()[from[i]];
        }
        return out;
    }

    float[] toKiln(String name, long[] kilnShape, float[] tensorFlow) {
        int[] to = kilnIndexOf(name, kilnShape);
        float[] out = new float[to.length];
        for (int i = 0; i < out.length; i++) {
            out[to[i]] = tensorFlow[i];
        }
        return out;
    }

    private boolean isConv(String name) {
        return flatMap != null && name.startsWith("conv") && name.endsWith(".W");
    }

    private boolean isFlattenedDense(String name) {
        return flatMap != null && name.equals("fc.W");
    }

    /** For each element in TensorFlow's order, where it sits in Kiln's (row-major) array. */
    private int[] kilnIndexOf(String name, long[] kiln) {
        int size = 1;
        for (long d : kiln) {
            size *= (int) d;
        }
        int[] index = new int[size];
        if (isConv(name)) {
            int out = (int) kiln[0], in = (int) kiln[1], kh = (int) kiln[2], kw = (int) kiln[3];
            int i = 0;
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int c = 0; c < in; c++) {
                        for (int o = 0; o < out; o++) {
                            index[i++] = ((o * in + c) * kh + y) * kw + x;
                        }
                    }
                }
            }
        } else if (isFlattenedDense(name)) {
            int channels = flatMap[0], height = flatMap[1], width = flatMap[2], units = (int) kiln[1];
            int i = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < channels; c++) {
                        int kilnRow = (c * height + y) * width + x;
                        for (int u = 0; u < units; u++) {
                            index[i++] = kilnRow * units + u;
                        }
                    }
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                index[i] = i;
            }
        }
        return index;
    }
}
