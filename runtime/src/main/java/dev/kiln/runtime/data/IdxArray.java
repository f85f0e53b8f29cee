package dev.kiln.runtime.data;

import org.jspecify.annotations.Nullable;
import java.util.Arrays;

/**
 * The contents of an IDX file: its element type, its dimensions and its values in row-major order.
 * Types that fit a float exactly (bytes, shorts, floats) are held in {@code floats}, ints and
 * doubles in {@code doubles}; the other array is null. The arrays are not copied (a training set is
 * tens of megabytes), so treat them as read-only.
 */
@SuppressWarnings("NullAway") // the compact constructor makes sure exactly one of floats and doubles is non-null
public record IdxArray(IdxType type, int[] shape, float @Nullable [] floats, double @Nullable [] doubles) {

    public IdxArray {
        if ((floats == null) == (doubles == null)) {
            throw new IllegalArgumentException("exactly one of floats and doubles must be given");
        }
        long expected = elementCount(shape);
        long actual = floats != null ? floats.length : doubles.length;
        if (expected != actual) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + expected
                    + " values but " + actual + " were given");
        }
    }

    /** Number of values: the product of the dimensions. */
    public int length() {
        return floats != null ? floats.length : doubles.length;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The value at flat (row-major) position {@code index}. */
    public double get(int index) {
        return floats != null ? floats[index] : doubles[index];
    }

    /** The values as floats: the stored array when held as floats, otherwise a rounded copy. */
    public float[] asFloats() {
        if (floats != null) {
            return floats;
        }
        float[] copy = new float[doubles.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = (float) doubles[i];
        }
        return copy;
    }

    /** The values as doubles: the stored array when held as doubles, otherwise an exact copy. */
    public double[] asDoubles() {
        if (doubles != null) {
            return doubles;
        }
        double[] copy = new double[floats.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = floats[i];
        }
        return copy;
    }

    static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        return count;
    }

    // Records compare array components by reference; compare contents instead.
    @Override
    public boolean equals(Object other) {
        return other instanceof IdxArray that && type == that.type && Arrays.equals(shape, that.shape)
                && Arrays.equals(floats, that.floats) && Arrays.equals(doubles, that.doubles);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(floats) + Arrays.hashCode(doubles);
    }

    @Override
    public String toString() {
        return "IdxArray[" + type + " " + Arrays.toString(shape) + "]";
    }
}
