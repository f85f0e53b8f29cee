package dev.kiln.bench;

import dev.kiln.runtime.kernels.CpuShare;

import java.io.IOException;

/**
 * Whether the machine is quiet before the bench times anything: the cores other processes keep busy
 * over one second while this JVM sleeps (Linux's CPU counters, {@link CpuShare}). On a 2-core machine
 * a left-over build daemon (a Kotlin compile daemon took 18 % of a core here) moves every timing, and
 * run-to-run drift of the host moves the absolute ones anyway, so the bench says what it saw; the
 * paired per-round ratios are what survives such noise.
 */
final class QuietMachine {
    /** Above this many cores of other work the report calls the machine busy. */
    static final double BUSY_CORES = 0.1;

    private QuietMachine() {
    }

    /** One line on what other processes did during a second of idleness here. */
    static String check() {
        if (!CpuShare.available()) {
            return "machine load: not measured (no /proc counters)";
        }
        try {
            CpuShare.Sample before = CpuShare.sample();
            Thread.sleep(1000);
            double others = CpuShare.sample().otherCores(before, Runtime.getRuntime().availableProcessors());
            String load = String.format(java.util.Locale.ROOT, "other processes kept %.2f of %d cores busy over 1 s before timing",
                    others, Runtime.getRuntime().availableProcessors());
            return others > BUSY_CORES
                    ? "WARNING: " + load + "; the timings below share the machine with them (a build daemon? see ps)"
                    : "machine load: " + load + " (quiet)";
        } catch (IOException e) {
            return "machine load: not measured (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "machine load: not measured (interrupted)";
        }
    }
}
