package dev.kiln.bench;

import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kiln against DL4J 1.0.0-M2.1 on the network of issue 7, in one JVM and one backend binary.
 * Checks first that both compute the same loss, gradients and update (refusing to report otherwise),
 * then times the cases interleaved, counts allocations, measures start-up in fresh JVMs and prints
 * one table. Options: {@code --rounds=N} (recorded rounds, default 21), {@code --launches=N}
 * (start-up launches per system, default 5), {@code --skip-startup}.
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

        String binary = NativeBinary.loaded();
        System.out.printf(Locale.ROOT, "Kiln vs DL4J 1.0.0-M2.1 | native binary: %s (best for this CPU: %s) | %s | java %s | %d rounds%n",
                binary, NativeBinary.bestForCpu(), NativeBinary.environment(), System.getProperty("java.version"), rounds);
        if (!binary.equals(NativeBinary.bestForCpu())) {
            System.out.println("NOTE: this CPU can run " + NativeBinary.bestForCpu() + "; build with -Dkiln.nd4j.classifier="
                    + NativeBinary.bestForCpu() + " (scripts/bench.sh does)");
        }

        BenchData batch = BenchData.of(TRAIN_BATCH, 1);
        EquivalenceCheck.Result check = EquivalenceCheck.run(SEED, LEARNING_RATE, batch);
        String inference = InferenceCheck.run(SEED, batch);
        if (!check.passed() || inference != null) {
            System.out.println("REFUSED: Kiln and DL4J do not compute the same thing, so no timings are reported.");
            check.failures().forEach(f -> System.out.println("  " + f));
            if (inference != null) {
                System.out.println("  " + inference);
            }
            System.out.println("  " + check.describe());
            System.exit(1);
        }
        System.out.println("Same computation: " + check.describe() + "; inference outputs agree within "
                + InferenceCheck.TOLERANCE);
        System.out.println("Both systems run in this JVM on this thread under the same " + NativeBinary.threads());

        AllocationCounter allocations = new AllocationCounter();
        List<CaseResult> rows = new ArrayList<>();
        rows.add(training(batch, rounds, allocations));
        rows.add(inference(BenchData.of(256, 2), 10, rounds, allocations));
        rows.add(inference(BenchData.of(1, 3), 200, rounds, allocations));
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

    private static CaseResult training(BenchData batch, int rounds, AllocationCounter allocations) {
        BenchMlpNet kiln = new BenchMlpNet(SEED, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(LEARNING_RATE, SEED);
        Dl4jMlp.copyWeights(kiln, dl4j);
        Sgd sgd = new Sgd(LEARNING_RATE);
        GemmOnly gemm = new GemmOnly(batch.batchSize());
        Runnable kilnStep = () -> kiln.trainStep(batch.features(), batch.labels(), sgd);
        Runnable dl4jStep = () -> dl4j.fit(batch.features(), batch.labels());
        double[][] ms = Interleaved.measure(List.of(
                new Interleaved.Contender("kiln", kilnStep),
                new Interleaved.Contender("dl4j", dl4jStep),
                new Interleaved.Contender("gemm", gemm::trainingStep)), 4, 4, rounds);
        return CaseResult.of("MLP train step, batch " + batch.batchSize(), ms,
                allocations.measure(kilnStep, 5), allocations.measure(dl4jStep, 5));
    }

    private static CaseResult inference(BenchData batch, int callsPerBlock, int rounds, AllocationCounter allocations) {
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
                new Interleaved.Contender("kiln", kilnCall),
                new Interleaved.Contender("dl4j", dl4jCall),
                new Interleaved.Contender("gemm", gemm::forward)), callsPerBlock, 4, rounds);
        return CaseResult.of("inference, batch " + batch.batchSize(), ms,
                allocations.measure(kilnCall, 10), allocations.measure(dl4jCall, 10));
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
