package dev.kiln.samples.models;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.optim.Optimizers;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated models with {@code @PRelu} and {@code @Maxout}: every gradient (α's included) against
 * central finite differences in float64, the parameters they declare, and α kept out of weight decay.
 */
class LearnedActivationsTest {
    private static final int BATCH = 8;

    @Test
    void flatModelGradientsMatchFiniteDifferences() {
        assertPasses(new LearnedActivations_FlatNet(21, DataType.DOUBLE), GeneratedBackwardTest.gaussian(BATCH, 6, 31),
                GeneratedBackwardTest.oneHot(BATCH, 3, 32));
    }

    @Test
    void convolutionalModelGradientsMatchFiniteDifferences() {
        INDArray x = GeneratedBackwardTest.gaussian(BATCH, 72, 33).reshape(BATCH, 2, 6, 6);
        assertPasses(new LearnedActivations_ConvNet(22, DataType.DOUBLE), x, GeneratedBackwardTest.oneHot(BATCH, 3, 34));
    }

    @Test
    void preluDeclaresOneSlopePerChannelOrOneSharedStartingAtItsInit() {
        List<Parameter> parameters = new LearnedActivations_ConvNet(23, DataType.DOUBLE).parameters();
        Parameter perChannel = named(parameters, "act1.alpha");
        Parameter shared = named(parameters, "act3.alpha");
        assertEquals(Parameter.Kind.SLOPE, perChannel.kind());
        assertArrayEquals(new long[] {4}, perChannel.value().shape());
        assertArrayEquals(new long[] {1}, shared.value().shape());
        assertEquals(0.25, perChannel.value().minNumber().doubleValue());
        assertEquals(0.25, perChannel.value().maxNumber().doubleValue());
        assertEquals(0.1, named(new LearnedActivations_FlatNet(24, DataType.DOUBLE).parameters(), "act4.alpha").value().getDouble(0));
    }

    /**
     * One step from the same weights, with and without AdamW's decoupled decay: the gradients are the
     * same, so the weights differ by the decay alone, and every α is bit for bit the same (reference
     * §8.2: decay would pull α towards a plain ReLU). One step only: after it the weights differ, and
     * with them the next gradients.
     */
    @Test
    void weightDecayLeavesTheSlopesAlone() {
        KilnNet decayed = new LearnedActivations_FlatNet(25, DataType.DOUBLE);
        KilnNet plain = new LearnedActivations_FlatNet(25, DataType.DOUBLE);
        INDArray x = GeneratedBackwardTest.gaussian(BATCH, 6, 35);
        INDArray y = GeneratedBackwardTest.oneHot(BATCH, 3, 36);
        var withDecay = Optimizers.adamW(0.01).weightDecay(0.5);
        var withoutDecay = Optimizers.adamW(0.01).weightDecay(0);
        decayed.trainStep(x, y, withDecay);
        plain.trainStep(x, y, withoutDecay);
        for (String alpha : List.of("act1.alpha", "act4.alpha")) {
            INDArray a = named(decayed.parameters(), alpha).value();
            assertEquals(named(plain.parameters(), alpha).value(), a, alpha);
            assertNotEquals(0.25, a.getDouble(0), alpha + " trained");
        }
        assertNotEquals(named(plain.parameters(), "fc1.W").value(), named(decayed.parameters(), "fc1.W").value());
    }

    private static Parameter named(List<Parameter> parameters, String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static void assertPasses(KilnNet net, INDArray x, INDArray y) {
        GradCheckReport report = GradCheck.checkModel(net, x, y);
        assertTrue(report.passed(), report.toString());
        assertTrue(report.maxRelativeError() < 1e-6, report.toString());
        for (Parameter p : net.parameters()) {
            if (p.kind() == Parameter.Kind.SLOPE) {
                assertTrue(report.entry(p.name()).coordinatesChecked() > 0, "the slope " + p.name() + " is checked: " + report);
            }
        }
    }
}
