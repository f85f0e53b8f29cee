package dev.kiln.runtime.kernels;

/**
 * Decides how many threads Kiln's native pool may use, from how many cores other processes keep
 * busy ({@link CpuShare}). With every core its own, Kiln uses them all; next to busy processes it
 * gives way one thread per core they take. Why: libnd4j's OpenMP threads meet at a barrier after
 * every parallel loop and spin while they wait, so a thread that shares its core with a busy
 * process holds up the other at every op until the scheduler hands it the core again. On 2 cores
 * the flagship's epoch (FashionMlp, batch 32) took 3.8x its quiet time next to one busy process
 * and 4.5x next to two with a fixed two threads, 1.2x and 1.8x with the governor (docs/performance.md).
 * Opt-in ({@code kiln.nd4j.adaptiveThreads}): see {@link NativeThreads} for why.
 *
 * <p>A change is applied only when two samples in a row ask for it, so a short burst (a compile,
 * a garbage collection in another JVM) does not make the pool flap.
 */
final class ThreadGovernor {
    /**
     * A busy process takes a core from Kiln once it uses more than this share of one, measured
     * while Kiln itself keeps every core busy (a spinning co-tenant then gets about 2/3 of a core).
     */
    static final double YIELD_FROM = 0.65;

    private final int maxThreads;
    private CpuShare.Sample last;
    private int allowed;
    private int proposed;

    ThreadGovernor(int maxThreads, CpuShare.Sample first) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1, got " + maxThreads);
        }
        this.maxThreads = maxThreads;
        this.last = first;
        this.allowed = maxThreads;
        this.proposed = maxThreads;
    }

    /** The thread count for cores' worth of other processes' work: one fewer per core they take. */
    static int threadsFor(double otherCores, int maxThreads) {
        int taken = otherCores < YIELD_FROM ? 0 : (int) Math.floor(otherCores - YIELD_FROM) + 1;
        return Math.max(1, Math.min(maxThreads, maxThreads - taken));
    }

    /** Folds in the counters read now and returns the thread count allowed from now on. */
    int observe(CpuShare.Sample now, int cores) {
        int wanted = threadsFor(now.otherCores(last, cores), maxThreads);
        last = now;
        if (wanted != allowed && wanted == proposed) {
            allowed = wanted;
        }
        proposed = wanted;
        return allowed;
    }

    int allowed() {
        return allowed;
    }
}
