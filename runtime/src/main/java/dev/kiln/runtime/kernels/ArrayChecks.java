package dev.kiln.runtime.kernels;

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
}
