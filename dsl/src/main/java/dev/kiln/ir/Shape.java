package dev.kiln.ir;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape of one example, without the batch dimension. Printed batch-first, e.g. {@code [n,784]}.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims.clone();
    }

    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements in one example. */
    public long size() {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        return size;
    }

    /** The shape with a batch dimension in front, as ND4J wants it. */
    public long[] withBatch(long batchSize) {
        long[] shape = new long[dims.length + 1];
        shape[0] = batchSize;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = dims[i];
        }
        return shape;
    }

    /** True when every dimension is positive. */
    public boolean isValid() {
        return dims.length > 0 && Arrays.stream(dims).allMatch(d -> d > 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Batch-first form used in every message and comment: {@code [n,784]}. */
    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "[n,", "]"));
    }
}
