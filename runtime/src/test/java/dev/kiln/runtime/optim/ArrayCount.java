package dev.kiln.runtime.optim;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts the INDArrays created while some code runs. ND4J numbers every INDArray it creates (views
 * and scalars included) from one global counter, visible as {@code getId()}; the difference of two
 * fresh probes around the code, minus the first probe itself, is the number of arrays the code made.
 */
final class ArrayCount {
    private ArrayCount() {
    }

    static long during(Runnable code) {
        long before = Nd4j.scalar(0.0).getId();
        code.run();
        long after = Nd4j.scalar(0.0).getId();
        return after - before - 1;
    }
}
