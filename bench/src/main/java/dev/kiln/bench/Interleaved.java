package dev.kiln.bench;

import java.util.List;

/**
 * Times several contenders on a shared, noisy machine by interleaving them: each round runs a block
 * of calls of every contender, in a rotated order, so a burst of load from elsewhere hits all of them
 * rather than whichever happened to run then. Ratios are taken per round (paired), then the median.
 *
 * <p>Where a block runs under other thread settings than the block before it, it starts after a
 * pause of {@link #SETTLE_MS} ms: after a product OpenBLAS's workers spin for about 2^28 cycles
 * (its default thread timeout, some 70 ms here) before they sleep, and libnd4j's OpenMP workers spin
 * too, so a block that follows another system's block would otherwise share the cores with that
 * system's idle workers. A process running one of the systems alone has no such neighbour.
 */
final class Interleaved {
    static final long SETTLE_MS = 150;

    private Interleaved() {
    }

    /** A named operation measured per call, under its thread settings (null: leave them as they are). */
    record Contender(String name, Runnable call, Threads threads) {
        Contender(String name, Runnable call) {
            this(name, call, null);
        }
    }

    /**
     * Runs {@code warmupRounds} unrecorded rounds, then {@code rounds} recorded ones of {@code callsPerBlock}
     * calls each. Returns milliseconds per call, [contender][round].
     */
    static double[][] measure(List<Contender> contenders, int callsPerBlock, int warmupRounds, int rounds) {
        int n = contenders.size();
        double[][] msPerCall = new double[n][rounds];
        Threads previous = null;
        for (int round = -warmupRounds; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int index = Math.floorMod(round + k, n);
                Contender contender = contenders.get(index);
                if (contender.threads() != null) {
                    contender.threads().apply();
                    if (previous != null && !previous.equals(contender.threads())) {
                        settle();
                    }
                    previous = contender.threads();
                }
                Runnable call = contender.call();
                long start = System.nanoTime();
                for (int i = 0; i < callsPerBlock; i++) {
                    call.run();
                }
                long elapsed = System.nanoTime() - start;
                if (round >= 0) {
                    msPerCall[index][round] = elapsed / 1e6 / callsPerBlock;
                }
            }
        }
        return msPerCall;
    }

    private static void settle() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting idle native workers settle", e);
        }
    }

    /** Per-round ratio a/b, paired by round. */
    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }
}
