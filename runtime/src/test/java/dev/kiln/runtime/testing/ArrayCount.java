package dev.kiln.runtime.testing;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts what some code creates on ND4J's side, from two global counters that only ever grow:
 * <ul>
 * <li>{@link #during}: INDArrays, views and scalars included. ND4J numbers every INDArray it creates
 *     from one counter, visible as {@code getId()}; the difference of two fresh probes around the
 *     code, minus the first probe itself, is the number of arrays the code made.</li>
 * <li>{@link #nativeObjectsDuring}: objects registered with ND4J's deallocator, which numbers them
 *     from its own counter: every data buffer (a new array's, a view's, an op's argument buffer) and
 *     every native op context (one per call of an op executed without a prepared context). An op
 *     built per call shows up here even when it creates no INDArray.</li>
 * </ul>
 * Both count creations on any thread, so tests that use them must not run kernels concurrently.
 */
public final class ArrayCount {
    private ArrayCount() {
    }

    /** INDArrays created while {@code code} runs. */
    public static long during(Runnable code) {
        long before = Nd4j.scalar(0.0).getId();
        code.run();
        long after = Nd4j.scalar(0.0).getId();
        return after - before - 1;
    }

    /** Native objects (data buffers, op contexts) registered while {@code code} runs. */
    public static long nativeObjectsDuring(Runnable code) {
        long before = Nd4j.getDeallocatorService().nextValue();
        code.run();
        long after = Nd4j.getDeallocatorService().nextValue();
        return after - before - 1;
    }
}
