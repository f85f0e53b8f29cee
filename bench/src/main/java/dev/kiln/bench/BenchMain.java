package dev.kiln.bench;

import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.kernels.NativeSettings;
import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * {@code --skip-mlp}, {@code --skip-cnn}, {@code --dl4j-threads=best|split|one-pool} (DL4J's thread
 * layout: by default the one measured fastest for it per case, see {@link Threads}).
 */
public final class BenchMain {
    static final long SEED = 42;
    static final double LEARNING_RATE = 0.01;
    static final int TRAIN_BATCH = 256;

    private BenchMain() {
    }

    public static void main(String[] args) {
        int rounds = intOption(args, "--rounds=", 21);
        int launches = intOption(args, "--launches=", 5);
        boolean startup = !List.of(args).contains("--skip-startup");
        boolean mlp = !List.of(args).contains("--skip-mlp");
        boolean cnn = !List.of(args).contains("--skip-cnn");

        String binary = NativeBinary.loaded();
        System.out.printf(Locale.ROOT, "Kiln vs DL4J 1.0.0-M2.1 | native binary: %s (best for this CPU: %s) | %s | java %s | %d rounds%n",
                binary, NativeBinary.bestForCpu(), NativeBinary.environment(), System.getProperty("java.version"), rounds);
        if (!binary.equals(NativeBinary.bestForCpu())) {
            System.out.println("NOTE: this CPU can run " + NativeBinary.bestForCpu() + "; build with -Dkiln.nd4j.classifier="
                    + NativeBinary.bestForCpu() + " (scripts/bench.sh does)");
        }

        BenchData batch = BenchData.of(TRAIN_BATCH, 1);
        BenchData cnnBatch = BenchData.of(CnnCases.BATCH, 4);
        if (mlp) {
            requireSame("MLP", EquivalenceCheck.run(SEED, LEARNING_RATE, batch), InferenceCheck.run(SEED, batch));
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
        }
        Threads kiln = Threads.current(); // as Kiln's kernels configured this thread during the checks
        String dl4jThreads = stringOption(args, "--dl4j-threads=", "best");
        Threads dl4jMlp = dl4jThreads(dl4jThreads, Threads.split());
        Threads dl4jCnn = dl4jThreads(dl4jThreads, Threads.onePool());
        Threads dl4jCnnPlain = dl4jThreads(dl4jThreads, Threads.onePool());
        System.out.println("Both systems run in this JVM on this thread. Kiln: " + kiln + " (its own choice, "
                + NativeSettings.describe() + "); DL4J: " + (mlp ? "MLP " + dl4jMlp + "; " : "")
                + (cnn ? "CNN " + dl4jCnn + ", CNN without helpers " + dl4jCnnPlain + "; " : "")
                + "libnd4j pool " + Nd4j.getEnvironment().maxMasterThreads());

        AllocationCounter allocations = new AllocationCounter();
        List<CaseResult> rows = new ArrayList<>();
        // The CNN cases first: there both systems run one pool, so nothing switches libnd4j's
        // OpenMP count, which leaves later oneDNN work slower for the rest of the process (see
        // Threads). The MLP cases switch it for DL4J, and Kiln's MLP rows bear that cost.
        List<CaseResult> cnnRows = new ArrayList<>();
        if (cnn) {
            CnnCases.Settings threads = new CnnCases.Settings(kiln, dl4jCnn, dl4jCnnPlain);
            cnnRows.addAll(CnnCases.training(cnnBatch, rounds, allocations, threads));
            cnnRows.addAll(CnnCases.inference(cnnBatch, rounds, allocations, threads));
        }
        if (mlp) {
            rows.add(training(batch, rounds, allocations, kiln, dl4jMlp));
            rows.add(inference(BenchData.of(256, 2), 10, rounds, allocations, kiln, dl4jMlp));
            rows.add(inference(BenchData.of(1, 3), 200, rounds, allocations, kiln, dl4jMlp));
        }
        rows.addAll(cnnRows);
        kiln.apply();
        if (startup) {
            double[][] ms = Startup.measure(launches);
            rows.add(CaseResult.of("start-up to 1st step (JVM)", ms, null, null));
        }

        System.out.println();
        System.out.print(Table.render(rows));
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

    private static CaseResult training(BenchData batch, int rounds, AllocationCounter allocations, Threads kilnThreads,
                                       Threads dl4jThreads) {
        BenchMlpNet kiln = new BenchMlpNet(SEED, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(LEARNING_RATE, SEED);
        Dl4jMlp.copyWeights(kiln, dl4j);
        Sgd sgd = new Sgd(LEARNING_RATE);
        GemmOnly gemm = new GemmOnly(batch.batchSize());
        Runnable kilnStep = () -> kiln.trainStep(batch.features(), batch.labels(), sgd);
        Runnable dl4jStep = () -> dl4j.fit(batch.features(), batch.labels());
        double[][] ms = Interleaved.measure(List.of(
                new Interleaved.Contender("kiln", kilnStep, kilnThreads),
                new Interleaved.Contender("dl4j", dl4jStep, dl4jThreads),
                new Interleaved.Contender("gemm", gemm::trainingStep, kilnThreads)), 4, 4, rounds);
        return CaseResult.of("MLP train step, batch " + batch.batchSize(), ms,
                allocations.measure(kilnStep, 5, kilnThreads), allocations.measure(dl4jStep, 5, dl4jThreads));
    }

    private static CaseResult inference(BenchData batch, int callsPerBlock, int rounds, AllocationCounter allocations,
                                        Threads kilnThreads, Threads dl4jThreads) {
        BenchMlpNet kiln = new BenchMlpNet(SEED, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(LEARNING_RATE, SEED);
        Dl4jMlp.copyWeights(kiln, dl4j);
        // DL4J's output() returns softmax probabilities; Kiln's forward returns logits, so the Kiln
        // side adds the row softmax into a buffer of its own to do the same work.
        INDArray probabilities = Nd4j.create(DataType.FLOAT, batch.batchSize(), Dl4jMlp.WIDTHS[3]);
        GemmOnly gemm = new GemmOnly(batch.batchSize());
        Runnable kilnCall = () -> Losses.softmax(kiln.forward(batch.features()), probabilities);
        Runnable dl4jCall = () -> dl4j.output(batch.features(), false);
        double[][] ms = Interleaved.measure(List.of(
                new Interleaved.Contender("kiln", kilnCall, kilnThreads),
                new Interleaved.Contender("dl4j", dl4jCall, dl4jThreads),
                new Interleaved.Contender("gemm", gemm::forward, kilnThreads)), callsPerBlock, 4, rounds);
        return CaseResult.of("inference, batch " + batch.batchSize(), ms,
                allocations.measure(kilnCall, 10, kilnThreads), allocations.measure(dl4jCall, 10, dl4jThreads));
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
