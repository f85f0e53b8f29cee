package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Reshaped views of caller arrays, so a kernel can treat [N, C, H, W] as [N, C, H·W] or a group of
 * channels as one row without copying. An input may come back as a copy (a strided view that
 * cannot be reshaped in place); an output must not, or the kernel's writes would be lost.
 */
final class Views {
    private Views() {
    }

    /** c-ordered without gaps: every reshape is a view, so it can come from the {@link ViewCache}. */
    private static boolean isContiguousC(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1;
    }

    /** Compares sizes one by one: {@code shape()} would copy the shape array on every call. */
    private static boolean hasShape(INDArray a, long[] shape) {
        if (a.rank() != shape.length) {
            return false;
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (a.size(axis) != shape[axis]) {
                return false;
            }
        }
        return true;
    }

    /** {@code a} in c order with {@code shape}; a copy only when no view is possible. */
    static INDArray input(INDArray a, long... shape) {
        if (hasShape(a, shape)) {
            return a;
        }
        if (isContiguousC(a)) {
            return ViewCache.reshaped(a, shape);
        }
        return a.reshape('c', shape);
    }

    /** {@code a} in c order with {@code shape}, sharing its memory; throws when that needs a copy. */
    static INDArray output(String name, INDArray a, long... shape) {
        if (hasShape(a, shape)) {
            return a;
        }
        if (isContiguousC(a)) {
            return ViewCache.reshaped(a, shape);
        }
        INDArray view = a.reshape('c', shape);
        if (view.data().address() != a.data().address()) { // a copy has a buffer of its own
            throw new IllegalArgumentException(name + " " + Arrays.toString(a.shape()) + " cannot be viewed as "
                    + Arrays.toString(shape) + " without a copy; pass a c-ordered, contiguous array");
        }
        return view;
    }
}
