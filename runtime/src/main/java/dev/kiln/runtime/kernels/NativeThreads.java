package dev.kiln.runtime.kernels;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads libnd4j's own element-wise, broadcast, softmax and reduction loops may use. The
 * matrix products are unaffected: the BLAS (OpenBLAS, its own pthreads pool) keeps all cores.
 *
 * <p>Kiln makes those loops single-threaded by default. libnd4j parallelises them with OpenMP and
 * with a pool of its own, next to OpenBLAS's pool; after a product OpenBLAS's workers keep spinning
 * (sched_yield, hence high system time) and an op that then hands half its loop to another pool's
 * worker waits until that worker gets a core. On 2 cores that turned a 0.02 ms softmax of [256, 10]
 * logits into 8-11 ms (median), and a bias add after a [256,1024]x[1024,1024] product doubled the
 * pair's time; single-threaded, neither stalls. The element-wise work of a step is small and
 * memory-bound next to its products, so little is lost on bigger machines either.
 *
 * <p>{@code -Dkiln.nd4j.opThreads=N} sets another count; 0 leaves ND4J's settings alone. libnd4j's
 * pool limit is process-wide, the OpenMP limit belongs to each calling thread, so
 * {@link #configureCurrentThread} runs once per thread that executes Kiln kernels ({@link
 * PreparedOp#perThread} calls it). Other ND4J users on those threads (DL4J in the benchmark) get the
 * same setting.
 */
final class NativeThreads {
    static final String PROPERTY = "kiln.nd4j.opThreads";
    private static final int THREADS = Integer.getInteger(PROPERTY, 1);
    private static volatile boolean poolConfigured;

    private NativeThreads() {
    }

    static void configureCurrentThread() {
        if (THREADS <= 0) {
            return;
        }
        if (!poolConfigured) {
            synchronized (NativeThreads.class) {
                if (!poolConfigured) {
                    Nd4j.getEnvironment().setMaxMasterThreads(THREADS);
                    poolConfigured = true;
                }
            }
        }
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(THREADS);
    }
}
