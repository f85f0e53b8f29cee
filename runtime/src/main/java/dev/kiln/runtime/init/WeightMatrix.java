package dev.kiln.runtime.init;

import java.util.Arrays;

/**
 * A weight tensor seen as a 2-D matrix, for the schemes defined on matrices (orthogonal, sparse):
 * a dense W [in, out] as stored; a conv kernel [outC, inC, kH, kW] flattened per output channel to
 * [outC, inC·kH·kW] (reference §5), which is its own row-major layout, so no copy is needed. A
 * unit is an output feature: a column of the dense matrix, a row (filter) of the conv one.
 */
record WeightMatrix(int rows, int cols, boolean unitsAreColumns) {

    static WeightMatrix of(long[] shape, String scheme) {
        return switch (shape.length) {
            case 2 -> new WeightMatrix(Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), true);
            case 4 -> new WeightMatrix(Math.toIntExact(shape[0]), Math.toIntExact(shape[1] * shape[2] * shape[3]), false);
            default -> throw new IllegalArgumentException(scheme + " initializes a dense weight [in, out] or a conv kernel"
                    + " [outC, inC, kH, kW], not a rank-" + shape.length + " tensor " + Arrays.toString(shape));
        };
    }

    /** Number of output units. */
    int units() {
        return unitsAreColumns ? cols : rows;
    }

    /** Number of incoming weights of one unit (its fan-in). */
    int incoming() {
        return unitsAreColumns ? rows : cols;
    }

    /** Row-major index of incoming weight {@code k} of unit {@code unit}. */
    int index(int unit, int k) {
        return unitsAreColumns ? k * cols + unit : unit * cols + k;
    }
}
