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

    /** A block of calls that reports its own milliseconds per call. */
    @FunctionalInterface
    interface Block {
        double msPerCall(int calls);
    }

    /**
     * A named block measured per call, under its thread settings (null: leave them as they are),
     * in this JVM or, with {@code process} set, in another process (a peer's worker) that times
     * its block itself.
     */
    record Contender(String name, Block block, Threads threads, String process) {
        /** An operation of this JVM, timed here. */
        Contender(String name, Runnable call, Threads threads) {
            this(name, calls -> {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    call.run();
                }
                return (System.nanoTime() - start) / 1e6 / calls;
            }, threads, null);
        }

        Contender(String name, Runnable call) {
            this(name, call, null);
        }

        /** A peer's block in its own process. */
        static Contender peer(String name, Block block) {
            return new Contender(name, block, null, name);
        }

        /** Where it runs: its process, or its thread settings in this JVM (null: wherever the last left them). */
        private Object placement() {
            return process != null ? process : threads;
        }
    }

    /**
     * Runs {@code warmupRounds} unrecorded rounds, then {@code rounds} recorded ones of {@code callsPerBlock}
     * calls each. Returns milliseconds per call, [contender][round]. A block that runs somewhere else
     * than the block before it (other thread settings, or another process) starts after the settling
     * pause, so the previous one's spinning workers are asleep.
     */
    static double[][] measure(List<Contender> contenders, int callsPerBlock, int warmupRounds, int rounds) {
        int n = contenders.size();
        double[][] msPerCall = new double[n][rounds];
        Object previous = null;
        for (int round = -warmupRounds; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int index = Math.floorMod(round + k, n);
                Contender contender = contenders.get(index);
                if (contender.threads() != null) {
                    contender.threads().apply();
                }
                if (contender.placement() != null) {
                    if (previous != null && !previous.equals(contender.placement())) {
                        settle();
                    }
                    previous = contender.placement();
                }
                double ms = contender.block().msPerCall(callsPerBlock);
                if (round >= 0) {
                    msPerCall[index][round] = ms;
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
