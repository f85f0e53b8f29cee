package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the kernels, so a shape mistake names the arrays involved. */
final class ArrayChecks {
    private ArrayChecks() {
    }

    static void requireSameShape(String nameA, INDArray a, String nameB, INDArray b) {
        if (!a.equalShapes(b)) {
            throw new IllegalArgumentException(nameA + " " + java.util.Arrays.toString(a.shape()) + " and "
                    + nameB + " " + java.util.Arrays.toString(b.shape()) + " must have the same shape");
        }
    }

    static void requireShape(String name, INDArray array, long... expected) {
        if (!java.util.Arrays.equals(array.shape(), expected)) {
            throw new IllegalArgumentException(name + " must have shape " + java.util.Arrays.toString(expected)
                    + ", got " + java.util.Arrays.toString(array.shape()));
        }
    }

    static void requireRank(String name, INDArray array, int rank) {
        if (array.rank() != rank) {
            throw new IllegalArgumentException(name + " must have rank " + rank + ", got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
    }

    static void requireFiniteNonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    /** Throws when {@code a} and {@code b} share any memory (either may be null). */
    static void requireDisjoint(String nameA, @Nullable INDArray a, String nameB, @Nullable INDArray b) {
        if (overlap(a, b)) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must be different arrays, but they share"
                    + " memory");
        }
    }

    /** True when both arrays are non-null and share at least one element's memory. */
    static boolean overlap(@Nullable INDArray a, @Nullable INDArray b) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a == b) {
            return true;
        }
        long[] ra = byteRange(a);
        long[] rb = byteRange(b);
        return ra[0] < rb[1] && rb[0] < ra[1];
    }

    /** The [first, end) byte addresses an array can touch, from its offset, shape and strides. */
    private static long[] byteRange(INDArray a) {
        long low = a.offset();
        long high = a.offset();
        long[] shape = a.shape();
        long[] stride = a.stride();
        for (int d = 0; d < shape.length; d++) {
            long reach = (shape[d] - 1) * stride[d];
            if (reach < 0) {
                low += reach;
            } else {
                high += reach;
            }
        }
        long size = a.data().getElementSize();
        long base = a.data().address();
        return new long[]{base + low * size, base + (high + 1) * size};
    }

    /** True when both arrays are the same elements of the same memory (same object or identical views). */
    static boolean sameMemory(@Nullable INDArray a, @Nullable INDArray b) {
        if (a == b) {
            return true;
        }
        return a != null && b != null && a.data().address() == b.data().address() && a.offset() == b.offset()
                && java.util.Arrays.equals(a.shape(), b.shape()) && java.util.Arrays.equals(a.stride(), b.stride());
    }

    /** Throws unless {@code a} and {@code b} are either the very same elements or fully disjoint. */
    static void requireSameOrDisjoint(String nameA, @Nullable INDArray a, String nameB, @Nullable INDArray b) {
        if (overlap(a, b) && !sameMemory(a, b)) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " partially overlap; pass the same array or"
                    + " separate ones");
        }
    }

    /** Throws unless every non-null array has {@code reference}'s data type. */
    static void requireSameType(String referenceName, INDArray reference, @Nullable Object... namesAndArrays) {
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            INDArray array = (INDArray) namesAndArrays[i + 1];
            if (array != null && array.dataType() != reference.dataType()) {
                throw new IllegalArgumentException(namesAndArrays[i] + " is " + array.dataType() + " but "
                        + referenceName + " is " + reference.dataType() + "; all arrays of a kernel share one data type");
            }
        }
    }
}
