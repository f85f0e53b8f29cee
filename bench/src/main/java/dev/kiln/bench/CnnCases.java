package dev.kiln.bench;

import dev.kiln.runtime.InferenceModel;
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
 * run in the same interleaved rounds, so each DL4J row is paired with the same Kiln timings. The
 * thread layouts: Kiln's own, DL4J's with helpers, DL4J's as shipped (see {@link Threads}).
 */
final class CnnCases {
    static final int BATCH = 128;

    private CnnCases() {
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
    static List<CaseResult> training(BenchData batch, int rounds, AllocationCounter allocations, RowPair.Layouts threads,
                                     Peers peers) {
        Networks nets = Networks.create(BenchMain.SEED, BenchMain.LEARNING_RATE);
        List<RowPair.Peer> peerCalls = peers.prepare("cnn", "cnn-train", nets.kiln(), batch);
        Sgd sgd = new Sgd(BenchMain.LEARNING_RATE);
        return RowPair.measure(new RowPair.Names("CNN train step, batch " + batch.batchSize(), "CNN train, DL4J no helpers",
                        Flops.cnnTrainingStep(batch.batchSize())),
                new RowPair.Calls(() -> nets.kiln().trainStep(batch.features(), batch.labels(), sgd),
                        () -> nets.helped().fit(batch.features(), batch.labels()),
                        () -> nets.plain().fit(batch.features(), batch.labels()), null),
                threads, new RowPair.Schedule(2, 3, rounds, 3), allocations, peerCalls);
    }

    /**
     * Kiln's inference snapshot ({@code freezeForInference()}: batch norm folded into the convolutions,
     * what a deployment runs) plus softmax against DL4J's output(x, false).
     */
    static List<CaseResult> inference(BenchData batch, int rounds, AllocationCounter allocations, RowPair.Layouts threads,
                                      Peers peers) {
        Networks nets = Networks.create(BenchMain.SEED, BenchMain.LEARNING_RATE);
        List<RowPair.Peer> peerCalls = peers.prepare("cnn", "cnn-infer", nets.kiln(), batch);
        InferenceModel snapshot = nets.kiln().freezeForInference();
        INDArray probabilities = Nd4j.create(DataType.FLOAT, batch.batchSize(), 10);
        return RowPair.measure(new RowPair.Names("CNN inference, batch " + batch.batchSize(), "CNN infer., DL4J no helpers",
                        Flops.cnnForward(batch.batchSize())),
                new RowPair.Calls(() -> Losses.softmax(snapshot.forward(batch.features()), probabilities),
                        () -> nets.helped().output(batch.features(), false),
                        () -> nets.plain().output(batch.features(), false), null),
                threads, new RowPair.Schedule(5, 3, rounds, 3), allocations, peerCalls);
    }
}
