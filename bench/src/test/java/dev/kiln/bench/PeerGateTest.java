package dev.kiln.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer gate passes every peer (libtorch, TensorFlow Java) on the bench's networks and refuses one given other weights. */
class PeerGateTest {
    private static final double LEARNING_RATE = 0.01;
    private static final Map<PeerWorker, PeerProcess> PEERS = new EnumMap<>(PeerWorker.class);

    @BeforeAll
    static void start() {
        for (PeerWorker worker : PeerWorker.values()) {
            PEERS.put(worker, PeerProcess.start(worker));
        }
    }

    @AfterAll
    static void stop() {
        PEERS.values().forEach(PeerProcess::close);
    }

    @ParameterizedTest
    @EnumSource(PeerWorker.class)
    void computesTheSameMlp(PeerWorker worker) {
        EquivalenceCheck.Result result = PeerGate.run(PEERS.get(worker), "mlp", new BenchMlpNet(42, DataType.FLOAT), net -> net,
                BenchData.of(16, 1), LEARNING_RATE);
        assertTrue(result.passed(), () -> result.failures() + " " + result.describe());
    }

    @ParameterizedTest
    @EnumSource(PeerWorker.class)
    void computesTheSameCnn(PeerWorker worker) {
        EquivalenceCheck.Result result = PeerGate.runCnn(PEERS.get(worker), new BenchCnnNet(42, DataType.FLOAT), BenchData.of(8, 2),
                LEARNING_RATE);
        assertTrue(result.passed(), () -> result.failures() + " " + result.describe());
    }

    @ParameterizedTest
    @EnumSource(PeerWorker.class)
    void aPeerGivenOtherWeightsIsRefused(PeerWorker worker) {
        // The peer gets weights 1% off in the output layer; Kiln keeps its own.
        BenchMlpNet sent = new BenchMlpNet(42, DataType.FLOAT);
        sent.parameters().stream().filter(p -> p.name().equals("logits.W")).findFirst().orElseThrow().value().muli(1.01);
        BenchData batch = BenchData.of(16, 1);
        EquivalenceCheck.Result result = PeerGate.check(PEERS.get(worker), "mlp", PeerGate.write(sent, batch, LEARNING_RATE),
                new BenchMlpNet(42, DataType.FLOAT), net -> net, batch, LEARNING_RATE);
        assertFalse(result.passed(), result::describe);
    }

    @ParameterizedTest
    @EnumSource(PeerWorker.class)
    void aPeerGivenOtherConvolutionWeightsIsRefused(PeerWorker worker) {
        // One filter of the first convolution 1% off in what the peer gets (its layout conversion is in play).
        BenchCnnNet sent = new BenchCnnNet(42, DataType.FLOAT);
        sent.parameters().stream().filter(p -> p.name().equals("conv1.W")).findFirst().orElseThrow().value()
                .slice(0).muli(1.01);
        BenchData batch = BenchData.of(8, 2);
        BenchCnnNet kiln = new BenchCnnNet(42, DataType.FLOAT);
        EquivalenceCheck.Result result = PeerGate.check(PEERS.get(worker), "cnn", PeerGate.write(sent, batch, LEARNING_RATE),
                kiln, EquivalenceCheck.widened(kiln), net -> ((BenchCnnNet) net).freezeForInference(), batch, LEARNING_RATE);
        assertFalse(result.passed(), result::describe);
    }
}
