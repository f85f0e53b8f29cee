package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies one array into another of the same shape and type through a prepared op, so that a copy
 * made on every training step (a state backup) creates no array and no native op context;
 * {@code INDArray.assign} builds a new op context per call.
 */
public final class ArrayCopy {
    private ArrayCopy() {
    }

    /** target = source, element by element, bit for bit. */
    public static void copy(INDArray source, INDArray target) {
        ArrayChecks.requireSameShape("source", source, "target", target);
        ArrayChecks.requireSameType("source", source, "target", target);
        ArrayChecks.requireDisjoint("source", source, "target", target);
        NativeCalls.ASSIGN.get().input(0, target).input(1, source).output(0, target).exec();
    }
}
