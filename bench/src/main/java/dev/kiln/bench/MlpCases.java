package dev.kiln.bench;

import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The MLP rows of the table: Kiln's {@link BenchMlp} against the same DL4J network twice, under the
 * thread layout fastest for DL4J on the case (the comparison the targets are checked on
 * first) and under ND4J's default thread settings (DL4J as a user runs it, and as the issue's own
 * baseline was measured), next to the step's matrix products alone ({@link GemmOnly}). All run in
 * the same interleaved rounds, so both DL4J rows are paired with the same Kiln timings. The thread
 * layouts: Kiln's own, DL4J's fastest for the MLP, ND4J's defaults (see {@link Threads}).
 */
final class MlpCases {
    private MlpCases() {
    }

    /** Kiln and two DL4J twins built from the same Kiln weights. */
    private record Networks(BenchMlpNet kiln, MultiLayerNetwork tuned, MultiLayerNetwork defaults) {
        static Networks create() {
            BenchMlpNet kiln = new BenchMlpNet(BenchMain.SEED, DataType.FLOAT);
            MultiLayerNetwork tuned = Dl4jMlp.create(BenchMain.LEARNING_RATE, BenchMain.SEED);
            MultiLayerNetwork defaults = Dl4jMlp.create(BenchMain.LEARNING_RATE, BenchMain.SEED);
            Dl4jMlp.copyWeights(kiln, tuned);
            Dl4jMlp.copyWeights(kiln, defaults);
            return new Networks(kiln, tuned, defaults);
        }
    }

    /** Kiln's trainStep against DL4J's fit, SGD, on one fixed batch. */
    static List<CaseResult> training(BenchData batch, int rounds, AllocationCounter allocations, RowPair.Layouts threads,
                                     Peers peers) {
        Networks nets = Networks.create();
        List<RowPair.Peer> peerCalls = peers.prepare("mlp", "mlp-train", nets.kiln(), batch);
        Sgd sgd = new Sgd(BenchMain.LEARNING_RATE);
        GemmOnly gemm = new GemmOnly(batch.batchSize());
        return RowPair.measure(new RowPair.Names("MLP train step, batch " + batch.batchSize(), "MLP train, DL4J defaults",
                        Flops.mlpTrainingStep(batch.batchSize())),
                new RowPair.Calls(() -> nets.kiln().trainStep(batch.features(), batch.labels(), sgd),
                        () -> nets.tuned().fit(batch.features(), batch.labels()),
                        () -> nets.defaults().fit(batch.features(), batch.labels()), gemm::trainingStep),
                threads,
                new RowPair.Schedule(4, 4, rounds, 5), allocations, peerCalls);
    }

    /**
     * Kiln's forward plus the row softmax against DL4J's output(x, false): DL4J returns softmax
     * probabilities, Kiln's forward logits, so the Kiln side adds the softmax into a buffer of its
     * own to do the same work.
     */
    static List<CaseResult> inference(BenchData batch, int callsPerBlock, int rounds, AllocationCounter allocations,
                                      RowPair.Layouts threads, Peers peers) {
        Networks nets = Networks.create();
        List<RowPair.Peer> peerCalls = peers.prepare("mlp", "mlp-infer", nets.kiln(), batch);
        INDArray probabilities = Nd4j.create(DataType.FLOAT, batch.batchSize(), Dl4jMlp.WIDTHS[3]);
        GemmOnly gemm = new GemmOnly(batch.batchSize());
        String name = "inference, batch " + batch.batchSize();
        return RowPair.measure(new RowPair.Names(name, "inference " + batch.batchSize() + ", DL4J defaults",
                        Flops.mlpForward(batch.batchSize())),
                new RowPair.Calls(() -> Losses.softmax(nets.kiln().forward(batch.features()), probabilities),
                        () -> nets.tuned().output(batch.features(), false),
                        () -> nets.defaults().output(batch.features(), false), gemm::forward),
                threads,
                new RowPair.Schedule(callsPerBlock, 4, rounds, 10), allocations, peerCalls);
    }
}
