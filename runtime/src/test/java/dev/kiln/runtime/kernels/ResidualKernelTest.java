package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualKernelTest {
    private final INDArray a = TestArrays.uniform(1, -1, 1, 2, 3, 4, 5);
    private final INDArray b = TestArrays.uniform(2, -1, 1, 2, 2, 4, 5);

    @Test
    void addIsElementwiseAndMayWriteIntoAnInput() {
        INDArray c = TestArrays.uniform(3, -1, 1, 2, 3, 4, 5);
        INDArray out = Nd4j.valueArrayOf(a.shape(), 99.0, DataType.DOUBLE);
        ResidualKernel.add(a, c, out);
        assertEquals(a.add(c), out);
        INDArray inPlace = c.dup();
        ResidualKernel.add(a, inPlace, inPlace);
        assertEquals(out, inPlace);
        assertThrows(IllegalArgumentException.class, () -> ResidualKernel.add(a, b, out));
    }

    @Test
    void concatenationStacksChannelsAndOverwrites() {
        INDArray out = Nd4j.valueArrayOf(new long[]{2, 5, 4, 5}, 99.0, DataType.DOUBLE);
        ResidualKernel.concatChannels(a, b, out);
        assertEquals(a, out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all()));
        assertEquals(b, out.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 5), NDArrayIndex.all(), NDArrayIndex.all()));
        assertEquals(Nd4j.concat(1, a, b), out);
    }

    @Test
    void splitIsTheInverseOfConcatenation() {
        INDArray whole = TestArrays.uniform(4, -1, 1, 2, 5, 4, 5);
        INDArray da = Nd4j.valueArrayOf(a.shape(), 99.0, DataType.DOUBLE);
        INDArray db = Nd4j.valueArrayOf(b.shape(), 99.0, DataType.DOUBLE);
        ResidualKernel.splitChannels(whole, da, db);
        INDArray joined = whole.ulike();
        ResidualKernel.concatChannels(da, db, joined);
        assertEquals(whole, joined);
    }

    @Test
    void concatenationBackwardAgreesWithCentralDifferences() {
        INDArray out = Nd4j.create(DataType.DOUBLE, 2, 5, 4, 5);
        INDArray r = TestArrays.probeWeights(5, 2, 5, 4, 5);
        INDArray da = a.ulike();
        INDArray db = b.ulike();
        ResidualKernel.splitChannels(r, da, db);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("a", a);
        inputs.put("b", b);
        GradCheckReport report = GradCheck.checkFunction(inputs, () -> {
            ResidualKernel.concatChannels(a, b, out);
            return GradCheck.projection(out, r);
        }, Map.of("a", da, "b", db));
        assertTrue(report.passed(), report::toString);
    }

    @Test
    void concatenationWorksOnFeatureRowsToo() {
        INDArray x = TestArrays.uniform(6, -1, 1, 3, 2);
        INDArray y = TestArrays.uniform(7, -1, 1, 3, 4);
        INDArray out = Nd4j.create(DataType.DOUBLE, 3, 6);
        ResidualKernel.concatChannels(x, y, out);
        assertEquals(Nd4j.concat(1, x, y), out);
    }

    @Test
    void mismatchedShapesAreNamed() {
        INDArray otherSize = Nd4j.create(DataType.DOUBLE, 2, 2, 3, 5);
        IllegalArgumentException spatial = assertThrows(IllegalArgumentException.class,
                () -> ResidualKernel.concatChannels(a, otherSize, Nd4j.create(DataType.DOUBLE, 2, 5, 4, 5)));
        assertTrue(spatial.getMessage().contains("may differ only in channels"), spatial.getMessage());
        IllegalArgumentException wrongOut = assertThrows(IllegalArgumentException.class,
                () -> ResidualKernel.concatChannels(a, b, Nd4j.create(DataType.DOUBLE, 2, 6, 4, 5)));
        assertTrue(wrongOut.getMessage().startsWith("out must have shape [2, 5, 4, 5]"), wrongOut.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ResidualKernel.splitChannels(Nd4j.create(DataType.DOUBLE, 2, 4, 4, 5), a.ulike(), b.ulike()));
    }

    @Test
    void scaleMultipliesBySurvivalProbability() {
        INDArray out = Nd4j.valueArrayOf(a.shape(), 99.0, DataType.DOUBLE);
        ResidualKernel.scale(a, 0.8, out);
        assertTrue(out.sub(a.mul(0.8)).amaxNumber().doubleValue() < 1e-16);
        INDArray dOut = TestArrays.probeWeights(8, a.shape());
        INDArray dx = a.ulike();
        ResidualKernel.scale(dOut, 0.8, dx);
        GradCheckReport report = GradCheck.checkFunction(Map.of("x", a), () -> {
            ResidualKernel.scale(a, 0.8, out);
            return GradCheck.projection(out, dOut);
        }, Map.of("x", dx));
        assertTrue(report.passed(), report::toString);
    }

    /** Stochastic depth at inference: out = a + p·b; its gradients are dOut for a and p·dOut for b. */
    @Test
    void scaledAdditionAgreesWithCentralDifferences() {
        INDArray c = TestArrays.uniform(9, -1, 1, 2, 3, 4, 5);
        INDArray out = Nd4j.valueArrayOf(a.shape(), 99.0, DataType.DOUBLE);
        ResidualKernel.addScaled(a, c, 0.7, out);
        assertTrue(out.sub(a.add(c.mul(0.7))).amaxNumber().doubleValue() < 1e-15);
        INDArray dOut = TestArrays.probeWeights(10, a.shape());
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("a", a);
        inputs.put("c", c);
        GradCheckReport report = GradCheck.checkFunction(inputs, () -> {
            ResidualKernel.addScaled(a, c, 0.7, out);
            return GradCheck.projection(out, dOut);
        }, Map.of("a", dOut, "c", dOut.mul(0.7)));
        assertTrue(report.passed(), report::toString);
        assertThrows(IllegalArgumentException.class, () -> ResidualKernel.addScaled(a, c, 0.7, c));
    }

    @Test
    void splitWritesOnlyTheGradientsAskedFor() {
        INDArray whole = TestArrays.uniform(11, -1, 1, 2, 5, 4, 5);
        INDArray db = Nd4j.valueArrayOf(b.shape(), 99.0, DataType.DOUBLE);
        ResidualKernel.splitChannels(whole, 3, null, db);
        assertEquals(whole.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 5), NDArrayIndex.all(), NDArrayIndex.all()), db);
        INDArray da = Nd4j.valueArrayOf(a.shape(), 99.0, DataType.DOUBLE);
        ResidualKernel.splitChannels(whole, 3, da, null);
        assertEquals(whole.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all()), da);
        assertThrows(IllegalArgumentException.class, () -> ResidualKernel.splitChannels(whole, 5, da, null));
    }

    /** 20,000 gates with p = 0.3 open with frequency within 4 standard deviations (0.0032 each) of 0.3; p = 1 always opens. */
    @Test
    void gatesOpenWithTheirSurvivalProbability() {
        org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(42);
        int draws = 20_000;
        int open = 0;
        for (int i = 0; i < draws; i++) {
            open += ResidualKernel.survives(0.3, random) ? 1 : 0;
        }
        assertEquals(0.3, (double) open / draws, 4 * Math.sqrt(0.3 * 0.7 / draws));
        assertTrue(ResidualKernel.survives(1.0, random));
    }
}
