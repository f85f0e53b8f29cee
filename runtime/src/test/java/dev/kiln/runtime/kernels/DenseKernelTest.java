package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Activation;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseKernelTest {
    private static final int N = 4;
    private static final int IN = 5;
    private static final int OUT = 3;

    private final INDArray x = TestArrays.uniform(1, -1, 1, N, IN);
    private final INDArray w = TestArrays.uniform(2, -1, 1, IN, OUT);
    private final INDArray b = TestArrays.uniform(3, -1, 1, OUT);

    @Test
    void forwardIsXTimesWPlusB() {
        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, z);
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < OUT; o++) {
                double expected = b.getDouble(o);
                for (int i = 0; i < IN; i++) {
                    expected += x.getDouble(n, i) * w.getDouble(i, o);
                }
                assertEquals(expected, z.getDouble(n, o), 1e-15);
            }
        }
    }

    @Test
    void forwardWithoutBiasOverwritesStaleOutput() {
        INDArray z = Nd4j.valueArrayOf(new long[]{N, OUT}, 99.0, DataType.DOUBLE);
        DenseKernel.forward(x, w, null, z);
        assertTrue(z.sub(x.mmul(w)).amaxNumber().doubleValue() < 1e-15);
    }

    @Test
    void singleExampleForwardMatchesTheBatchForward() {
        // One row takes the matrix-vector path; it must give that row of the batch product.
        INDArray batch = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, batch);
        INDArray noBias = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, null, noBias);
        for (int n = 0; n < N; n++) {
            INDArray row = x.getRow(n, true).dup();
            INDArray z = Nd4j.valueArrayOf(new long[] {1, OUT}, 99.0, DataType.DOUBLE);
            DenseKernel.forward(row, w, b, z);
            assertTrue(z.sub(batch.getRow(n, true)).amaxNumber().doubleValue() < 1e-15, "row " + n + " with bias");
            DenseKernel.forward(row, w, null, z);
            assertTrue(z.sub(noBias.getRow(n, true)).amaxNumber().doubleValue() < 1e-15, "row " + n + " without bias");
        }
    }

    @Test
    void singleExampleSeesNewContentsOfTheSameArray() {
        // The one-row path caches views by array identity; it must still read the current values.
        INDArray row = x.getRow(0, true).dup();
        INDArray z = Nd4j.create(DataType.DOUBLE, 1, OUT);
        DenseKernel.forward(row, w, b, z);
        row.assign(x.getRow(1, true));
        DenseKernel.forward(row, w, b, z);
        INDArray expected = x.getRow(1, true).mmul(w).addRowVector(b);
        assertTrue(z.sub(expected).amaxNumber().doubleValue() < 1e-15);
    }

    @Test
    void singleExampleFromAStridedRowMatchesTheBatchForward() {
        INDArray columnMajor = x.dup('f');
        INDArray batch = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, batch);
        INDArray z = Nd4j.create(DataType.DOUBLE, 1, OUT);
        DenseKernel.forward(columnMajor.getRow(2, true), w, b, z);
        assertTrue(z.sub(batch.getRow(2, true)).amaxNumber().doubleValue() < 1e-15);
    }

    @Test
    void biasGradientIntoAStridedViewIsTheColumnSum() {
        INDArray dz = TestArrays.uniform(4, -1, 1, N, OUT);
        INDArray holder = Nd4j.create(DataType.DOUBLE, OUT, 2);
        INDArray db = holder.getColumn(0);
        DenseKernel.backward(x, w, dz, null, Nd4j.create(DataType.DOUBLE, IN, OUT), db);
        assertTrue(db.sub(dz.sum(0)).amaxNumber().doubleValue() < 1e-15);
        assertEquals(0.0, holder.getColumn(1).amaxNumber().doubleValue(), "the neighbouring column is untouched");
    }

    @Test
    void repeatedForwardDoesNotAccumulate() {
        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, z);
        INDArray first = z.dup();
        DenseKernel.forward(x, w, b, z);
        assertEquals(first, z);
    }

    @Test
    void backwardWithBiasAgreesWithCentralDifferences() {
        INDArray r = TestArrays.probeWeights(4, N, OUT);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b.ulike();
        DenseKernel.backward(x, w, r, dx, dW, db);

        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        GradCheckReport report = GradCheck.checkFunction(inputs("x", x, "W", w, "b", b), () -> {
            DenseKernel.forward(x, w, b, z);
            return GradCheck.projection(z, r);
        }, Map.of("x", dx, "W", dW, "b", db));

        assertTrue(report.passed(), report::toString);
        assertEquals(3, report.entries().size());
    }

    @Test
    void backwardWithoutBiasAgreesWithCentralDifferences() {
        INDArray r = TestArrays.probeWeights(5, N, OUT);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        DenseKernel.backward(x, w, r, dx, dW, null);

        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        GradCheckReport report = GradCheck.checkFunction(inputs("x", x, "W", w), () -> {
            DenseKernel.forward(x, w, null, z);
            return GradCheck.projection(z, r);
        }, Map.of("x", dx, "W", dW));

        assertTrue(report.passed(), report::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SOFTPLUS"})
    void fusedForwardWithActivationAgreesWithCentralDifferences(Activation kind) {
        ActivationFunction f = ActivationFunction.of(kind);
        INDArray r = TestArrays.probeWeights(6, N, OUT);
        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        INDArray a = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, f, z, a);
        assertTrue(Transforms.abs(z, true).minNumber().doubleValue() > 1e-3, "pre-activations must avoid the ReLU kink");
        INDArray dz = z.ulike();
        Activations.backward(f, z, a, r, dz);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b.ulike();
        DenseKernel.backward(x, w, dz, dx, dW, db);

        INDArray zProbe = z.ulike();
        INDArray aProbe = a.ulike();
        GradCheckReport report = GradCheck.checkFunction(inputs("x", x, "W", w, "b", b), () -> {
            DenseKernel.forward(x, w, b, f, zProbe, aProbe);
            return GradCheck.projection(aProbe, r);
        }, Map.of("x", dx, "W", dW, "b", db));

        assertTrue(report.passed(), report::toString);
    }

    @Test
    void fusedIdentityIntoTheSameArrayLeavesZ() {
        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, ActivationFunction.IDENTITY, z, z);
        INDArray plain = z.ulike();
        DenseKernel.forward(x, w, b, plain);
        assertEquals(plain, z);

        INDArray separate = z.ulike();
        DenseKernel.forward(x, w, b, ActivationFunction.IDENTITY, z, separate);
        assertEquals(plain, separate);
    }

    @Test
    void firstLayerBackwardSkipsInputGradient() {
        INDArray dz = TestArrays.uniform(7, -1, 1, N, OUT);
        INDArray dW = w.ulike();
        INDArray db = b.ulike();
        DenseKernel.backward(x, w, dz, null, dW, db);
        assertTrue(dW.sub(x.transpose().mmul(dz)).amaxNumber().doubleValue() < 1e-15);
        assertTrue(db.sub(dz.sum(0)).amaxNumber().doubleValue() < 1e-15);
    }

    @Test
    void float32ForwardMatchesFloat64() {
        INDArray z = Nd4j.create(DataType.DOUBLE, N, OUT);
        DenseKernel.forward(x, w, b, z);
        INDArray zFloat = Nd4j.create(DataType.FLOAT, N, OUT);
        DenseKernel.forward(x.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT), b.castTo(DataType.FLOAT), zFloat);
        assertTrue(z.sub(zFloat.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 1e-5);
    }

    @Test
    void aLargeFloat32ForwardThroughTransposedWeightsMatchesFloat64() {
        // Large enough for TransposedWeights (at least 128 rows and 512 x 512 weights), the rows and
        // outputs not multiples of a vector width, and a stale output to overwrite.
        int n = 131;
        int in = 601;
        int out = 517;
        INDArray xs = TestArrays.uniform(11, -1, 1, n, in);
        INDArray ws = TestArrays.uniform(12, -1, 1, in, out);
        INDArray bs = TestArrays.uniform(13, -1, 1, out);
        INDArray xFloat = xs.castTo(DataType.FLOAT);
        INDArray wFloat = ws.castTo(DataType.FLOAT);
        INDArray zFloat = Nd4j.valueArrayOf(new long[]{n, out}, 5.0, DataType.FLOAT);
        assertTrue(TransposedWeights.pays(xFloat, wFloat, zFloat) || !OneDnnLibrary.loaded(),
                "this shape takes the transposed path wherever Kiln's oneDNN is loaded");

        DenseKernel.forward(xFloat, wFloat, bs.castTo(DataType.FLOAT), zFloat);

        INDArray expected = xs.mmul(ws).addiRowVector(bs);
        // Each output sums 601 products of magnitude below 1 in float32.
        double bound = in * Math.ulp(1.0f) * 2;
        double error = expected.sub(zFloat.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(error < bound, "float32 error " + error + " >= " + bound);
        INDArray again = zFloat.ulike();
        DenseKernel.forward(xFloat, wFloat, bs.castTo(DataType.FLOAT), again);
        assertEquals(zFloat, again, "two calls agree bit for bit");
    }

    @Test
    void shapeMistakesAreNamed() {
        INDArray wrongZ = Nd4j.create(DataType.DOUBLE, N, OUT + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenseKernel.forward(x, w, b, wrongZ));
        assertTrue(e.getMessage().startsWith("z must have shape [4, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DenseKernel.forward(x, w, Nd4j.create(DataType.DOUBLE, OUT + 1),
                Nd4j.create(DataType.DOUBLE, N, OUT)));
        assertThrows(IllegalArgumentException.class, () -> DenseKernel.backward(x, w, Nd4j.create(DataType.DOUBLE, N, OUT),
                null, Nd4j.create(DataType.DOUBLE, OUT, IN), null));
    }

    private static Map<String, INDArray> inputs(Object... namesAndArrays) {
        Map<String, INDArray> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            map.put((String) namesAndArrays[i], (INDArray) namesAndArrays[i + 1]);
        }
        return map;
    }
}
