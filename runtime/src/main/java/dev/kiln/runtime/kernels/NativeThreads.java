package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
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
 *
 * <p>With {@code -Dkiln.nd4j.adaptiveThreads=true} both policies give way on a busy machine
 * ({@link ThreadGovernor}): every 200 ms, at the next kernel call, Kiln reads how many cores other
 * processes used and runs its pool (OpenMP with one pool, OpenBLAS when split) on the cores left, at
 * least one, and on all of them again once they are free. It is off by default because the thread
 * count changes the float results: oneDNN and libnd4j split their sums by thread, so a FashionCnn
 * epoch on one thread ends with another loss (0.9378) than on two (0.9393), and a seed would no
 * longer fix a run on a machine whose load changes. Fixed counts keep every run bit for bit
 * reproducible (the fingerprint and resume tests rely on it).
 */
final class NativeThreads {
    static final String POLICY_PROPERTY = "kiln.nd4j.threads";
    static final String PROPERTY = "kiln.nd4j.opThreads";
    static final String ADAPTIVE_PROPERTY = "kiln.nd4j.adaptiveThreads";
    private static final long SAMPLE_INTERVAL_NANOS = 200_000_000L;

    /** Which pool gets the cores. */
    enum Policy {
        SPLIT,
        ONE_POOL
    }

    static final Policy POLICY = policy();
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int THREADS = Integer.getInteger(PROPERTY, POLICY == Policy.ONE_POOL ? CORES : 1);
    private static volatile boolean poolConfigured;
    /** The pool the governor adapts: OpenMP's threads with one pool, OpenBLAS's when split. */
    private static final int ADAPTED_MAX = POLICY == Policy.ONE_POOL ? THREADS : CORES;
    private static final boolean ADAPTIVE = THREADS > 0 && ADAPTED_MAX > 1 && CpuShare.available()
            && Boolean.getBoolean(ADAPTIVE_PROPERTY);
    private static final @Nullable ThreadGovernor GOVERNOR = ADAPTIVE ? governor() : null;
    private static volatile long nextSampleNanos = System.nanoTime() + SAMPLE_INTERVAL_NANOS;
    /** The count the governor allows now; each thread applies it to its own OpenMP limit. */
    private static volatile int allowedThreads = ADAPTED_MAX;
    private static final ThreadLocal<int[]> APPLIED = ThreadLocal.withInitial(() -> new int[] {THREADS});

    private NativeThreads() {
    }

    /** True when products go to oneDNN's matmul (one pool), false when to OpenBLAS (split). */
    static boolean productsOnOneDnn() {
        return POLICY == Policy.ONE_POOL && THREADS > 0;
    }

    /**
     * How many threads Kiln's own Java loops may split a kernel over: libnd4j's OpenMP count with one
     * pool (what the governor allows now, where it runs), one when split (OpenBLAS holds the cores
     * there) or with ND4J's own settings.
     */
    static int loopThreads() {
        if (POLICY != Policy.ONE_POOL || THREADS <= 0) {
            return 1;
        }
        return GOVERNOR != null ? allowedThreads : THREADS;
    }

    /** The policy in words, for {@link Backend}: "one pool: 2 OpenMP threads, BLAS single-threaded, ...". */
    static String describePolicy() {
        if (THREADS <= 0) {
            return "ND4J's own settings (" + PROPERTY + "=0)";
        }
        String pools = POLICY == Policy.ONE_POOL
                ? "one pool: " + THREADS + " OpenMP threads, BLAS single-threaded"
                : "split: libnd4j loops on " + THREADS + " thread, BLAS on all " + CORES + " cores";
        return GOVERNOR != null ? pools + ", fewer while other processes keep cores busy" : pools;
    }

    /**
     * Called before every prepared kernel: every 200 ms it asks the governor how many threads the
     * machine leaves Kiln, and each calling thread applies the current count to its own OpenMP
     * limit. Between samples this is a clock read and a thread-local lookup.
     */
    static void followMachineLoad() {
        if (GOVERNOR == null) {
            return;
        }
        long now = System.nanoTime();
        if (now >= nextSampleNanos) {
            resample(now);
        }
        if (POLICY == Policy.ONE_POOL) {
            int[] applied = APPLIED.get();
            int allowed = allowedThreads;
            if (applied[0] != allowed) {
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(allowed);
                applied[0] = allowed;
            }
        }
    }

    private static synchronized void resample(long now) {
        ThreadGovernor governor = GOVERNOR;
        if (governor == null) {
            return;
        }
        if (now < nextSampleNanos) {
            return; // another thread sampled meanwhile
        }
        nextSampleNanos = now + SAMPLE_INTERVAL_NANOS;
        CpuShare.Sample sample;
        try {
            sample = CpuShare.sample();
        } catch (java.io.IOException | RuntimeException unreadable) {
            return; // keep the current count: the counters are an optimisation, never a reason to fail
        }
        int allowed = governor.observe(sample, CORES);
        if (allowed != allowedThreads) {
            if (POLICY == Policy.ONE_POOL) {
                Nd4j.getEnvironment().setMaxMasterThreads(allowed);
            } else {
                Nd4j.factory().blas().setMaxThreads(allowed);
            }
            allowedThreads = allowed;
        }
    }

    /** The governor, or null (a fixed count) where the counters cannot be read or parsed. */
    private static @Nullable ThreadGovernor governor() {
        try {
            return new ThreadGovernor(ADAPTED_MAX, CpuShare.sample());
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null;
        }
    }

    static void configureCurrentThread() {
        NativeAllocator.configureOnce();
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
