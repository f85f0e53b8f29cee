package dev.kiln.ir;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Scheme;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fingerprint changes with what a model computes and with nothing else. */
class GraphFingerprintTest {
    private static final InitSpec ZEROS = InitSpec.of(Scheme.ZEROS);

    private static ModelGraph mlp(int hidden, Activation activation, InitSpec weights, double dropout) {
        return ModelGraph.chain("Mlp", Shape.of(784), Loss.SOFTMAX_CROSS_ENTROPY, List.of(
                new DenseSpec("fc1", hidden, true, ActivationFunction.of(activation), weights, ZEROS),
                new DropoutSpec("drop", dropout),
                new DenseSpec("out", 10, true, ActivationFunction.IDENTITY, weights, ZEROS)));
    }

    @Test
    void sameComputationSameFingerprintWhateverTheInitializers() {
        String base = GraphFingerprint.of(mlp(64, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), 0.2));
        assertEquals(64, base.length());
        assertEquals(base, GraphFingerprint.of(mlp(64, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), 0.2)));
        assertEquals(base, GraphFingerprint.of(mlp(64, Activation.RELU, InitSpec.of(Scheme.XAVIER_UNIFORM), 0.2)));
        assertNotEquals(base, GraphFingerprint.of(mlp(65, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), 0.2)));
        assertNotEquals(base, GraphFingerprint.of(mlp(64, Activation.TANH, InitSpec.of(Scheme.KAIMING_NORMAL), 0.2)));
        assertNotEquals(base, GraphFingerprint.of(mlp(64, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), 0.5)));
    }

    @Test
    void theCanonicalTextNamesEveryLayerWithItsShapes() {
        List<String> text = GraphFingerprint.canonicalText(mlp(64, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), 0.2));
        assertEquals("input [n,784] loss SOFTMAX_CROSS_ENTROPY", text.get(0));
        assertTrue(text.get(1).startsWith("0 fc1 Dense <- [-1]: Dense 784 -> 64, relu -> [n,64]"), text.get(1));
        assertEquals(4, text.size());
    }
}
