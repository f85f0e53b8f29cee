package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.Backend;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.fashion.FashionMlpNet;

import java.util.Locale;

/**
 * The co-tenant mode ({@code scripts/bench.sh --co-tenants}): how a training epoch of the flagship
 * sample ({@code FashionMlp}, Fashion-MNIST's 60,000 training images, batch 32, SGD) slows down next to
 * busy processes the bench starts and stops itself ({@link CoTenants}: 0, 1 and 2 spinning JVMs).
 * Each round runs one epoch per condition in a rotated order; the slowdowns are the medians of the
 * per-round ratios to the quiet epoch of the same round.
 *
 * <p>The fair-share slowdown is what an even split of the cores among all runnable threads gives:
 * Kiln runs one thread per core (C of them), each busy process one, so next to k of them Kiln's
 * threads get C / (C + k) of the machine, a slowdown of (C + k) / C: 1.5x next to one and 2x next
 * to two on 2 cores. The target is a measured slowdown within {@value #TARGET}x of that.
 */
final class CoTenantBench {
    static final int BATCH = 32;
    static final double TARGET = 1.25;
    static final int[] TENANTS = {0, 1, 2};

    private CoTenantBench() {
    }

    static void run(int rounds) {
        Dataset train = FashionMnist.load().train();
        FashionMlpNet net = new FashionMlpNet(BenchMain.SEED);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Co-tenant mode: the FashionMlp sample (784-256-128-10), one epoch of %d"
                + " examples at batch %d, next to 0, 1 and 2 busy processes; %d cores, %d rounds after one warm-up epoch%n",
                train.size(), BATCH, cores, rounds);
        System.out.println(Backend.current().describe());
        epoch(net, train);
        double[][] seconds = new double[TENANTS.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < TENANTS.length; k++) {
                int condition = Math.floorMod(round + k, TENANTS.length);
                try (CoTenants busy = CoTenants.start(TENANTS[condition])) {
                    long start = System.nanoTime();
                    epoch(net, train);
                    seconds[condition][round] = (System.nanoTime() - start) / 1e9;
                }
            }
        }
        System.out.print(render(seconds, cores));
    }

    /** The table: s/epoch per condition, slowdown against quiet, the fair share and the ratio of the two. */
    static String render(double[][] seconds, int cores) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-22s | %-20s | %-18s | %-10s | %s%n",
                "busy co-tenants", "s/epoch [p25-p75]", "slowdown vs quiet", "fair share", "slowdown/fair (target <= " + TARGET + ")"));
        for (int k = 0; k < TENANTS.length; k++) {
            Stats s = Stats.of(seconds[k]);
            String time = String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", s.median(), s.p25(), s.p75());
            if (TENANTS[k] == 0) {
                out.append(String.format(Locale.ROOT, "%-22s | %-20s | %-18s | %-10s | %s%n", "none (quiet)", time, "1.00x", "1.00x", "-"));
                continue;
            }
            double slowdown = Stats.of(Interleaved.ratios(seconds[k], seconds[0])).median();
            double fair = fairShareSlowdown(cores, TENANTS[k]);
            double ratio = slowdown / fair;
            out.append(String.format(Locale.ROOT, "%-22s | %-20s | %-18s | %-10s | %.2f %s%n", TENANTS[k] + " busy",
                    time, String.format(Locale.ROOT, "%.2fx", slowdown), String.format(Locale.ROOT, "%.2fx", fair), ratio,
                    ratio <= TARGET ? "met" : "NOT MET"));
        }
        return out.toString();
    }

    /** (C + k) / C: Kiln's C threads next to k busy ones, every thread an equal share of C cores. */
    static double fairShareSlowdown(int cores, int busy) {
        return (cores + busy) / (double) cores;
    }

    private static void epoch(FashionMlpNet net, Dataset train) {
        Trainer.of(net).optimizer(new Sgd(0.01)).batchSize(BATCH).seed(1).progress(false).fit(train);
    }
}
