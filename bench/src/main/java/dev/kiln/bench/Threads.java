package dev.kiln.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Locale;

/**
 * The native thread settings a contender runs under: libnd4j's OpenMP threads on the measuring
 * thread and OpenBLAS's thread count (process-wide). Kiln chooses its own (one pool with a oneDNN
 * binary: OpenMP on every core, OpenBLAS one thread); DL4J gets whichever of the two layouts was
 * faster for it on the case at hand (measured with {@code --dl4j-threads=split} and {@code one-pool}:
 * split for the MLP, one pool for the CNN with and without its helpers), so neither system runs
 * under the other's choice. Applied before each of a contender's blocks.
 *
 * <p>A switch is not free: once libnd4j's OpenMP count has gone from 2 to 1 and back, Kiln's oneDNN
 * work stayed slower for the rest of the process (CNN inference at batch 128: 15 ms before, 20-22 ms
 * after one such round trip; a round trip of the BLAS count alone left no trace). The benchmark
 * therefore runs the cases without switches first.
 */
record Threads(int openMp, int blas) {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** libnd4j's loops single-threaded, OpenBLAS on every core: best for DL4J's MLP. */
    static Threads split() {
        return new Threads(1, CORES);
    }

    /** OpenMP (libnd4j's loops and oneDNN) on every core, OpenBLAS one thread: best for DL4J's CNN. */
    static Threads onePool() {
        return new Threads(CORES, 1);
    }

    /** What is set now on this thread (after Kiln's kernels configured it: Kiln's own choice). */
    static Threads current() {
        return new Threads(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                Nd4j.factory().blas().getMaxThreads());
    }

    void apply() {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(openMp);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "OpenMP %d, BLAS %d", openMp, blas);
    }
}
