package dev.kiln.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer gate passes libtorch on the bench's networks and refuses it when the weights it got differ. */
class PeerGateTest {
    private static final double LEARNING_RATE = 0.01;
    private static PeerProcess libtorch;

    @BeforeAll
    static void start() {
        libtorch = PeerProcess.libtorch();
    }

    @AfterAll
    static void stop() {
        libtorch.close();
    }

    @Test
    void libtorchComputesTheSameMlp() {
        EquivalenceCheck.Result result = PeerGate.run(libtorch, "mlp", new BenchMlpNet(42, DataType.FLOAT), net -> net,
                BenchData.of(16, 1), LEARNING_RATE);
        assertTrue(result.passed(), () -> result.failures() + " " + result.describe());
    }

    @Test
    void libtorchComputesTheSameCnn() {
        EquivalenceCheck.Result result = PeerGate.runCnn(libtorch, new BenchCnnNet(42, DataType.FLOAT), BenchData.of(8, 2),
                LEARNING_RATE);
        assertTrue(result.passed(), () -> result.failures() + " " + result.describe());
    }

    @Test
    void aPeerGivenOtherWeightsIsRefused() {
        // The peer gets weights 1% off in the output layer; Kiln keeps its own.
        BenchMlpNet sent = new BenchMlpNet(42, DataType.FLOAT);
        sent.parameters().stream().filter(p -> p.name().equals("logits.W")).findFirst().orElseThrow().value().muli(1.01);
        BenchData batch = BenchData.of(16, 1);
        EquivalenceCheck.Result result = PeerGate.check(libtorch, "mlp", PeerGate.write(sent, batch, LEARNING_RATE),
                new BenchMlpNet(42, DataType.FLOAT), net -> net, batch, LEARNING_RATE);
        assertFalse(result.passed(), result::describe);
    }
}
