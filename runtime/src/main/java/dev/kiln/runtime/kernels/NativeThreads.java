package dev.kiln.runtime.kernels;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads libnd4j's own element-wise, broadcast and reduction loops may use; the matrix
 * products are threaded by the BLAS (OpenBLAS with OpenMP) independently of this.
 *
 * <p>Kiln sets it to 1 by default. After a matrix product the BLAS's OpenMP workers keep spinning
 * for a while; an element-wise op that then splits its loop over libnd4j's thread pool has to wait
 * for a core those spinners hold, and on a small or shared machine a 50 µs op then takes
 * milliseconds (measured on 2 cores: a [256,10] broadcast subtraction took 0.04 ms single-threaded
 * and 0.6-1.3 ms median, up to 8 ms, with two threads; a bias add after a [256,1024]x[1024,1024]
 * product doubled the pair's time). Element-wise work in a training step is memory-bound and small
 * next to the products, so one thread loses little where there are many cores and avoids the stall
 * where there are few. {@code -Dkiln.nd4j.opThreads=N} sets another count; 0 leaves ND4J's own
 * setting alone. The setting is process-wide: other ND4J users in the same JVM (DL4J) get it too.
 */
final class NativeThreads {
    static final String PROPERTY = "kiln.nd4j.opThreads";
    private static volatile boolean configured;

    private NativeThreads() {
    }

    static void ensureConfigured() {
        if (configured) {
            return;
        }
        synchronized (NativeThreads.class) {
            if (!configured) {
                int threads = Integer.getInteger(PROPERTY, 1);
                if (threads > 0) {
                    Nd4j.getEnvironment().setMaxMasterThreads(threads);
                }
                configured = true;
            }
        }
    }
}
