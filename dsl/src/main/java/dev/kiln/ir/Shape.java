package dev.kiln.ir;

import dev.kiln.dsl.Numbers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape of one example, without the batch dimension. Printed batch-first, e.g. {@code [n,784]}.
 * Layers compute the sizes of their outputs in {@code long} and build them with {@link #sized}, which
 * refuses an empty tensor or one larger than an array can hold rather than letting a size wrap.
 */
public final class Shape {
    /**
     * The most values one tensor may hold: the largest Java array ({@code 2^31 - 9}). ND4J indexes
     * its arrays with {@code int}, and the runtime draws initial values into a Java array.
     */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

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

    /**
     * A layer's output shape from sizes computed in {@code long}.
     *
     * @param what      the layer, as messages name it, e.g. {@code Conv2d layer 'conv1'}
     * @param attribute the attribute that sets the size, where the problem is reported (null for the annotation)
     * @param hint      how to make the output smaller
     * @throws ShapeException when a size is below 1 or the tensor holds more than {@link #MAX_ELEMENTS} values
     */
    public static Shape sized(String what, String attribute, String hint, long... dims) throws ShapeException {
        for (long d : dims) {
            if (d < 1) {
                throw new ShapeException(what + " would give " + format(dims) + ", a tensor without values",
                        "check the sizes of the layers before it", attribute);
            }
        }
        requireArray(what + " would give " + format(dims), dims, attribute, hint);
        int[] sizes = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            sizes[i] = (int) dims[i];
        }
        return new Shape(sizes);
    }

    /**
     * Checks that a tensor of {@code dims} (all positive) fits in one array.
     *
     * @param what what the tensor is, e.g. {@code Dense layer 'fc' would give [n,100000]}
     * @throws ShapeException naming the number of values when it holds more than {@link #MAX_ELEMENTS}
     */
    public static void requireArray(String what, long[] dims, String attribute, String hint) throws ShapeException {
        long count = elements(dims);
        if (count > MAX_ELEMENTS) {
            throw new ShapeException(what + ": " + (count == Long.MAX_VALUE ? "more than 2^63" : Numbers.grouped(count))
                    + " values, more than the " + Numbers.grouped(MAX_ELEMENTS) + " one array can hold", hint, attribute);
        }
    }

    /** The product of positive sizes, {@link Long#MAX_VALUE} when it does not fit in a long. */
    public static long elements(long... dims) {
        long count = 1;
        for (long d : dims) {
            count = times(count, d);
        }
        return count;
    }

    private static long times(long count, long d) {
        return d != 0 && count > Long.MAX_VALUE / d ? Long.MAX_VALUE : count * d;
    }

    /** Number of elements in one example ({@link Long#MAX_VALUE} when it does not fit in a long). */
    public long size() {
        long count = 1;
        for (int d : dims) {
            count = times(count, d);
        }
        return count;
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
        return format(Arrays.stream(dims).asLongStream().toArray());
    }

    /** Sizes of one example, batch-first as {@link #toString} writes a shape: {@code [n,784]}. */
    public static String format(long... dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(",", "[n,", "]"));
    }
}
