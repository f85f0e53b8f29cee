package dev.kiln.runtime.kernels;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Which thread pools do Kiln's native work. Two pools are at play: libnd4j's OpenMP threads (its
 * element-wise, broadcast, reduction loops and, in a oneDNN binary, oneDNN's kernels) and OpenBLAS's
 * own pthreads (the products libnd4j hands to BLAS). Letting both use every core is the slow choice:
 * after a product OpenBLAS's workers keep spinning (sched_yield, hence high system time) and an op
 * that hands half its loop to another pool's worker waits until that worker gets a core. On 2 cores
 * that turned a 0.02 ms softmax of [256, 10] logits into 8-11 ms (median). So Kiln gives the cores to
 * one pool, depending on the binary:
 * <ul>
 *   <li><b>split</b> (binaries without oneDNN): libnd4j's loops single-threaded, OpenBLAS keeps all
 *       cores for the products, which dominate an MLP's step.</li>
 *   <li><b>one pool</b> (oneDNN binaries): libnd4j's OpenMP gets all cores and OpenBLAS one thread;
 *       the products go to oneDNN's matmul on the same OpenMP threads ({@link #productsOnOneDnn}).
 *       There, convolutions, pooling and batch norm run on OpenMP too, and the split policy left
 *       them one core while OpenBLAS's idle workers spun on the other: a FashionCnn training step
 *       (batch 128) took 102-115 ms split, 75-86 ms with one pool, and its system time fell from 5-7
 *       s to 0.1 s per 60 steps; the MLP benchmark's step took 21 ms instead of 25.</li>
 * </ul>
 *
 * <p>{@code -Dkiln.nd4j.threads=split} or {@code one-pool} chooses the policy; {@code
 * -Dkiln.nd4j.opThreads=N} sets another OpenMP count (0 leaves ND4J's thread settings alone
 * altogether). libnd4j's pool limit and the BLAS thread count are process-wide, the OpenMP limit
 * belongs to each calling thread, so {@link #configureCurrentThread} runs once per thread that
 * executes Kiln kernels ({@link PreparedOp#perThread} calls it). Other ND4J users in the process
 * (DL4J in the benchmark) get the same settings.
 */
final class NativeThreads {
    static final String POLICY_PROPERTY = "kiln.nd4j.threads";
    static final String PROPERTY = "kiln.nd4j.opThreads";

    /** Which pool gets the cores. */
    enum Policy {
        SPLIT,
        ONE_POOL
    }

    static final Policy POLICY = policy();
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int THREADS = Integer.getInteger(PROPERTY, POLICY == Policy.ONE_POOL ? CORES : 1);
    private static volatile boolean poolConfigured;

    private NativeThreads() {
    }

    /** True when products go to oneDNN's matmul (one pool), false when to OpenBLAS (split). */
    static boolean productsOnOneDnn() {
        return POLICY == Policy.ONE_POOL && THREADS > 0;
    }

    /** The policy in words, for {@link Backend}: "one pool of 2 OpenMP threads, BLAS 1". */
    static String describePolicy() {
        if (THREADS <= 0) {
            return "ND4J's own settings (" + PROPERTY + "=0)";
        }
        return POLICY == Policy.ONE_POOL
                ? "one pool: " + THREADS + " OpenMP threads, BLAS single-threaded"
                : "split: libnd4j loops on " + THREADS + " thread, BLAS on all " + CORES + " cores";
    }

    static void configureCurrentThread() {
        if (THREADS <= 0) {
            return;
        }
        if (!poolConfigured) {
            synchronized (NativeThreads.class) {
                if (!poolConfigured) {
                    Nd4j.getEnvironment().setMaxMasterThreads(THREADS);
                    if (POLICY == Policy.ONE_POOL) {
                        Nd4j.factory().blas().setMaxThreads(1);
                    }
                    poolConfigured = true;
                }
            }
        }
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(THREADS);
    }

    private static Policy policy() {
        String chosen = System.getProperty(POLICY_PROPERTY, "");
        return switch (chosen) {
            case "split" -> Policy.SPLIT;
            case "one-pool" -> Policy.ONE_POOL;
            case "" -> OneDnn.available() ? Policy.ONE_POOL : Policy.SPLIT;
            default -> throw new IllegalArgumentException(POLICY_PROPERTY + " must be split or one-pool, got " + chosen);
        };
    }
}
