package dev.kiln.bench;

import dev.kiln.runtime.kernels.NativeSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kiln against DL4J 1.0.0-M2.1 on the networks of issue 7 (the MLP and the Fashion-MNIST CNN), in
 * one JVM and one backend binary. Checks first that both compute the same loss, gradients and update
 * (refusing to report otherwise), then times the cases interleaved, counts allocations, measures
 * start-up in fresh JVMs and prints one table. Options: {@code --rounds=N} (recorded rounds, default
 * 21), {@code --launches=N} (start-up launches per system, default 5), {@code --skip-startup},
 * {@code --skip-mlp}, {@code --skip-cnn}, {@code --skip-libtorch}, {@code --skip-tensorflow} (the libtorch and TensorFlow Java peers, TensorFlow twice: as shipped and with its oneDNN kernels, {@link PeerWorker}), {@code --dl4j-threads=best|split|one-pool} (DL4J's thread
 * layout: by default the one measured fastest for it per case, see {@link Threads}). Every run first
 * measures the machine's FMA peak ({@link FmaPeak}) and prints each case's bound from it.
 * {@code --co-tenants} runs the co-tenant mode instead ({@link CoTenantBench}; {@code --rounds=N},
 * default 5).
 */
public final class BenchMain {
    static final long SEED = 42;
    static final double LEARNING_RATE = 0.01;
    static final int TRAIN_BATCH = 256;

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--co-tenants")) {
            CoTenantBench.run(intOption(args, "--rounds=", 5));
            return;
        }
        int rounds = intOption(args, "--rounds=", 21);
        int launches = intOption(args, "--launches=", 5);
        boolean startup = !List.of(args).contains("--skip-startup");
        boolean mlp = !List.of(args).contains("--skip-mlp");
        boolean cnn = !List.of(args).contains("--skip-cnn");
        List<PeerWorker> workers = new ArrayList<>();
        if (!List.of(args).contains("--skip-libtorch")) {
            workers.add(PeerWorker.LIBTORCH);
        }
        if (!List.of(args).contains("--skip-tensorflow")) {
            workers.add(PeerWorker.TENSORFLOW);
            workers.add(PeerWorker.TENSORFLOW_ONEDNN);
        }
        try (Peers peers = Peers.of(workers)) {
            run(args, rounds, launches, startup, mlp, cnn, peers);
        }
    }

    private static void run(String[] args, int rounds, int launches, boolean startup, boolean mlp, boolean cnn, Peers peers) {

        String binary = NativeBinary.loaded();
        // ND4J's own thread settings, read before any Kiln kernel configures the process: DL4J as a
        // user runs it.
        Threads nd4jDefaults = Threads.current();
        System.out.printf(Locale.ROOT, "Kiln vs DL4J 1.0.0-M2.1 | native binary: %s (best for this CPU: %s) | %s | java %s | %d rounds%n",
                binary, NativeBinary.bestForCpu(), NativeBinary.environment(), System.getProperty("java.version"), rounds);
        if (!binary.equals(NativeBinary.bestForCpu())) {
            System.out.println("NOTE: this CPU can run " + NativeBinary.bestForCpu() + "; build with -Dkiln.nd4j.classifier="
                    + NativeBinary.bestForCpu() + " (scripts/bench.sh does)");
        }

        // Before anything else loads the cores: whether other processes do, and the peak the table's bounds are derived from.
        String load = QuietMachine.check();
        System.out.println(load);
        FmaPeak.Peak peak = FmaPeak.measure();
        System.out.println(peak.describe());

        BenchData batch = BenchData.of(TRAIN_BATCH, 1);
        BenchData cnnBatch = BenchData.of(CnnCases.BATCH, 4);
        if (mlp) {
            requireSame("MLP", EquivalenceCheck.run(SEED, LEARNING_RATE, batch), InferenceCheck.run(SEED, batch));
            peers.gate("mlp", peer -> PeerGate.run(peer, "mlp", new BenchMlpNet(SEED, DataType.FLOAT), net -> net, batch, LEARNING_RATE));
        }
        if (cnn) {
            System.out.println(CnnCases.helpers(SEED));
            for (boolean helpers : new boolean[]{true, false}) {
                requireSame(helpers ? "CNN in float64, DL4J with helpers" : "CNN in float64, DL4J without helpers",
                        EquivalenceCheck.runCnn(SEED, LEARNING_RATE, helpers, cnnBatch),
                        InferenceCheck.runCnn(SEED, helpers, cnnBatch));
            }
            System.out.println("CNN float32 gradients against float64 (worst relative difference): "
                    + EquivalenceCheck.float32Deviation(SEED, cnnBatch));
            peers.gate("cnn", peer -> PeerGate.runCnn(peer, new BenchCnnNet(SEED, DataType.FLOAT), cnnBatch, LEARNING_RATE));
        }
        Threads kiln = Threads.current(); // as Kiln's kernels configured this thread during the checks
        String dl4jThreads = stringOption(args, "--dl4j-threads=", "best");
        Threads dl4jMlp = dl4jThreads(dl4jThreads, Threads.split());
        Threads dl4jCnn = dl4jThreads(dl4jThreads, Threads.onePool());
        Threads dl4jCnnPlain = dl4jThreads(dl4jThreads, Threads.onePool());
        System.out.println("Both systems run in this JVM on this thread. Kiln: " + kiln + " (its own choice, "
                + NativeSettings.describe() + "); DL4J: " + (mlp ? "MLP " + dl4jMlp + " (rows \"DL4J defaults\": ND4J's defaults, "
                + nd4jDefaults + "); " : "")
                + (cnn ? "CNN " + dl4jCnn + ", CNN without helpers " + dl4jCnnPlain + "; " : "")
                + "libnd4j pool " + Nd4j.getEnvironment().maxMasterThreads());

        AllocationCounter allocations = new AllocationCounter();
        List<CaseResult> rows = new ArrayList<>();
        // The CNN cases first: there both systems run one pool, so nothing switches libnd4j's
        // OpenMP count, which leaves later oneDNN work slower for the rest of the process (see
        // Threads). The MLP cases switch it for DL4J, and Kiln's MLP rows bear that cost.
        List<CaseResult> cnnRows = new ArrayList<>();
        if (cnn) {
            RowPair.Layouts threads = new RowPair.Layouts(kiln, dl4jCnn, dl4jCnnPlain);
            cnnRows.addAll(CnnCases.training(cnnBatch, rounds, allocations, threads, peers));
            cnnRows.addAll(CnnCases.inference(cnnBatch, rounds, allocations, threads, peers));
        }
        if (mlp) {
            RowPair.Layouts threads = new RowPair.Layouts(kiln, dl4jMlp, nd4jDefaults);
            rows.addAll(MlpCases.training(batch, rounds, allocations, threads, peers));
            rows.addAll(MlpCases.inference(BenchData.of(256, 2), 10, rounds, allocations, threads, peers));
            rows.addAll(MlpCases.inference(BenchData.of(1, 3), 200, rounds, allocations, threads, peers));
        }
        rows.addAll(cnnRows);
        kiln.apply();
        if (startup) {
            List<List<String>> commands = new ArrayList<>(List.of(Startup.probe("kiln"), Startup.probe("dl4j")));
            commands.addAll(peers.startupCommands());
            double[][] ms = Startup.measure(launches, commands);
            List<CaseResult.PeerTime> peerStartups = new ArrayList<>();
            for (int i = 2; i < ms.length; i++) {
                peerStartups.add(CaseResult.PeerTime.of(peers.systems().get(i - 2), ms[i], ms[0]));
            }
            rows.add(CaseResult.of("start-up to 1st step (JVM)", new double[][]{ms[0], ms[1]}, null, null).withPeers(peerStartups));
        }

        System.out.println();
        System.out.println(load);
        System.out.println(peak.describe());
        System.out.print(Table.render(rows, peak));
        System.out.println(Table.LEGEND);
        System.out.println("allocations per call, steady state (after warm-up):");
        System.out.print(Table.allocationDetails(rows));
        System.out.println(Targets.report(rows));
    }

    /** Prints the equivalence evidence, or REFUSED and the differences, ending the run. */
    private static void requireSame(String what, EquivalenceCheck.Result check, String inference) {
        if (!check.passed() || inference != null) {
            System.out.println("REFUSED (" + what + "): Kiln and DL4J do not compute the same thing, so no timings are reported.");
            check.failures().forEach(f -> System.out.println("  " + f));
            if (inference != null) {
                System.out.println("  " + inference);
            }
            System.out.println("  " + check.describe());
            System.exit(1);
        }
        System.out.println("Same computation (" + what + "): " + check.describe() + "; float32 inference outputs agree within "
                + InferenceCheck.TOLERANCE);
    }

    /** "best": the given per-case choice; "split" or "one-pool": that layout for every DL4J case. */
    private static Threads dl4jThreads(String option, Threads best) {
        return switch (option) {
            case "best" -> best;
            case "split" -> Threads.split();
            case "one-pool" -> Threads.onePool();
            default -> throw new IllegalArgumentException("--dl4j-threads must be best, split or one-pool, got " + option);
        };
    }

    private static String stringOption(String[] args, String prefix, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String prefix, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Integer.parseInt(arg.substring(prefix.length()));
            }
        }
        return fallback;
    }
}
