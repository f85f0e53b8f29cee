package dev.kiln.bench;

import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The CNN rows of the table: Kiln's {@link BenchCnn} against the same DL4J network twice, with its
 * oneDNN layer helpers (the comparison the target is checked on: DL4J at its fastest on
 * this binary) and without them (DL4J 1.0.0-M2.1 as shipped, see {@link Dl4jHelpers}). All three
 * run in the same interleaved rounds, so each DL4J row is paired with the same Kiln timings.
 */
final class CnnCases {
    static final int BATCH = 128;

    private CnnCases() {
    }

    /** The thread layouts: Kiln's own, DL4J's with helpers, DL4J's as shipped (see {@link Threads}). */
    record Settings(Threads kiln, Threads helped, Threads plain) {
    }

    /** Both systems built from the same Kiln weights. */
    private record Networks(BenchCnnNet kiln, MultiLayerNetwork helped, MultiLayerNetwork plain) {
        static Networks create(long seed, double learningRate) {
            BenchCnnNet kiln = new BenchCnnNet(seed, DataType.FLOAT);
            MultiLayerNetwork helped = Dl4jCnn.create(learningRate, seed, true);
            MultiLayerNetwork plain = Dl4jCnn.create(learningRate, seed, false);
            Dl4jCnn.copyWeights(kiln, helped);
            Dl4jCnn.copyWeights(kiln, plain);
            return new Networks(kiln, helped, plain);
        }
    }

    /** Which DL4J layers got a oneDNN helper in the helped and the plain network, for the report. */
    static String helpers(long seed) {
        Networks nets = Networks.create(seed, BenchMain.LEARNING_RATE);
        return "DL4J layer helpers: with helpers on " + Dl4jHelpers.inUse(nets.helped()) + "; as shipped "
                + Dl4jHelpers.inUse(nets.plain());
    }

    /** Kiln's trainStep against DL4J's fit, SGD at the benchmark's learning rate, on one fixed batch. */
    static List<CaseResult> training(BenchData batch, int rounds, AllocationCounter allocations, Settings threads) {
        Networks nets = Networks.create(BenchMain.SEED, BenchMain.LEARNING_RATE);
        Sgd sgd = new Sgd(BenchMain.LEARNING_RATE);
        Runnable kiln = () -> nets.kiln().trainStep(batch.features(), batch.labels(), sgd);
        Runnable helped = () -> nets.helped().fit(batch.features(), batch.labels());
        Runnable plain = () -> nets.plain().fit(batch.features(), batch.labels());
        return rows("CNN train step, batch " + batch.batchSize(), "CNN train, DL4J no helpers", kiln, helped, plain,
                2, rounds, allocations, threads);
    }

    /** Kiln's forward plus softmax against DL4J's output(x, false). */
    static List<CaseResult> inference(BenchData batch, int rounds, AllocationCounter allocations, Settings threads) {
        Networks nets = Networks.create(BenchMain.SEED, BenchMain.LEARNING_RATE);
        INDArray probabilities = Nd4j.create(DataType.FLOAT, batch.batchSize(), 10);
        Runnable kiln = () -> Losses.softmax(nets.kiln().forward(batch.features()), probabilities);
        Runnable helped = () -> nets.helped().output(batch.features(), false);
        Runnable plain = () -> nets.plain().output(batch.features(), false);
        return rows("CNN inference, batch " + batch.batchSize(), "CNN infer., DL4J no helpers", kiln, helped, plain,
                5, rounds, allocations, threads);
    }

    private static List<CaseResult> rows(String name, String plainName, Runnable kiln, Runnable helped, Runnable plain,
                                         int callsPerBlock, int rounds, AllocationCounter allocations, Settings threads) {
        double[][] ms = Interleaved.measure(List.of(
                new Interleaved.Contender("kiln", kiln, threads.kiln()),
                new Interleaved.Contender("dl4j", helped, threads.helped()),
                new Interleaved.Contender("dl4j-plain", plain, threads.plain())), callsPerBlock, 3, rounds);
        AllocationCounter.PerStep kilnAllocations = allocations.measure(kiln, 3, threads.kiln());
        return List.of(
                CaseResult.of(name, new double[][]{ms[0], ms[1]}, kilnAllocations, allocations.measure(helped, 3, threads.helped())),
                CaseResult.of(plainName, new double[][]{ms[0], ms[2]}, kilnAllocations, allocations.measure(plain, 2, threads.plain())));
    }
}
