package dev.kiln.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * This machine's single-precision FMA peak, measured in every bench run (never quoted from an
 * earlier one: the processor under a cloud machine changes). Each thread runs {@value #CHAINS}
 * independent chains of fused multiply-adds on the widest vectors the JIT offers, enough to cover
 * the FMA latency on two ports, on registers only, so nothing but the FMA units limits it. The
 * best of {@value #REPEATS} timed repeats counts: load from elsewhere only ever slows the probe.
 */
final class FmaPeak {
    static final int CHAINS = 12;
    static final int REPEATS = 5;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Iterations per repeat: about 2.4e9 FLOPs per thread on 512-bit vectors, a few tenths of a second. */
    private static final long ITERATIONS = 6_250_000;

    /** GFLOP/s on one thread and on {@code threads} threads at once, with the vector width used. */
    record Peak(double oneThread, double allThreads, int threads, int lanes) {
        /** Milliseconds {@code flops} take at the all-threads peak: the case's FMA-peak bound. */
        double boundMs(double flops) {
            return flops / (allThreads * 1e9) * 1e3;
        }

        String describe() {
            String measured = String.format(Locale.ROOT, "single-precision FMA peak measured in this run: %.1f GFLOP/s on 1 thread,"
                    + " %.1f GFLOP/s on %d threads (%d-bit vectors, best of %d)", oneThread, allThreads, threads,
                    lanes * 32, REPEATS);
            return sharedWhileMeasured() ? measured + "\nNOTE: the threads together did not reach 1.5x one thread: other"
                    + " processes held cores during the probe (or the cores share FMA units): the peak is low, so the bounds below are too long" : measured;
        }

        /** True where {@code threads} threads at once fell short of 1.5x one: the cores were not all free. */
        boolean sharedWhileMeasured() {
            return threads > 1 && allThreads < 1.5 * oneThread;
        }
    }

    private FmaPeak() {
    }

    static Peak measure() {
        int cores = Runtime.getRuntime().availableProcessors();
        run(1, ITERATIONS / 10); // compiles the kernel before anything is timed
        return new Peak(best(1), best(cores), cores, SPECIES.length());
    }

    private static double best(int threads) {
        double best = 0;
        for (int i = 0; i < REPEATS; i++) {
            best = Math.max(best, run(threads, ITERATIONS));
        }
        return best;
    }

    /** GFLOP/s of {@code threads} threads each running {@code iterations}, started together. */
    private static double run(int threads, long iterations) {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        float[] sinks = new float[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                await(start);
                sinks[index] = kernel(iterations);
                await(end);
            }, "fma-peak-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        await(start);
        long began = System.nanoTime();
        await(end);
        double seconds = (System.nanoTime() - began) / 1e9;
        float sink = 0;
        for (float s : sinks) {
            sink += s;
        }
        if (!Float.isFinite(sink)) {
            throw new IllegalStateException("FMA probe diverged: " + sink); // also keeps the result alive
        }
        return threads * flopsPerThread(iterations) / seconds / 1e9;
    }

    static double flopsPerThread(long iterations) {
        return 2.0 * SPECIES.length() * CHAINS * iterations;
    }

    /**
     * acc = acc * x + y on twelve registers: x just below 1 keeps every chain at a fixed point near
     * y / (1 - x), far from overflow and denormals. Written out, because the JIT keeps named locals
     * in registers and would not for an array.
     */
    private static float kernel(long iterations) {
        FloatVector x = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector y = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0.1f);
        FloatVector a1 = FloatVector.broadcast(SPECIES, 0.2f);
        FloatVector a2 = FloatVector.broadcast(SPECIES, 0.3f);
        FloatVector a3 = FloatVector.broadcast(SPECIES, 0.4f);
        FloatVector a4 = FloatVector.broadcast(SPECIES, 0.5f);
        FloatVector a5 = FloatVector.broadcast(SPECIES, 0.6f);
        FloatVector a6 = FloatVector.broadcast(SPECIES, 0.7f);
        FloatVector a7 = FloatVector.broadcast(SPECIES, 0.8f);
        FloatVector a8 = FloatVector.broadcast(SPECIES, 0.9f);
        FloatVector a9 = FloatVector.broadcast(SPECIES, 1.0f);
        FloatVector a10 = FloatVector.broadcast(SPECIES, 1.1f);
        FloatVector a11 = FloatVector.broadcast(SPECIES, 1.2f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the FMA peak", e);
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException("FMA probe thread failed", e);
        }
    }
}
