package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.stream.Stream;

import static dev.kiln.runtime.kernels.NormTesting.EPS;
import static dev.kiln.runtime.kernels.NormTesting.assertClose;
import static dev.kiln.runtime.kernels.NormTesting.assertPassed;
import static dev.kiln.runtime.kernels.NormTesting.features;
import static dev.kiln.runtime.kernels.NormTesting.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RmsNormKernelTest {

    static Stream<long[]> layouts() {
        return Stream.of(new long[]{5, 7}, new long[]{3, 2, 3, 4});
    }

    private static INDArray forward(INDArray x, INDArray gamma, INDArray rms) {
        INDArray y = x.ulike();
        RmsNormKernel.forward(x, new NormLayer(NormAffine.of(gamma, null), EPS), new RmsNormBuffers(rms, y));
        return y;
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void forwardDividesByRootMeanSquarePlusEpsAndScalesByGamma(long[] shape) {
        INDArray x = TestArrays.uniform(1, -1, 2, shape);
        INDArray gamma = TestArrays.uniform(2, -1.5, 1.5, features(shape));
        INDArray rms = Nd4j.create(DataType.DOUBLE, shape[0]);
        INDArray y = forward(x, gamma, rms);

        double[] xv = NormTesting.values(x);
        double[] g = NormTesting.values(gamma);
        int d = g.length;
        double[] expected = new double[xv.length];
        for (int n = 0; n < shape[0]; n++) {
            double ms = 0;
            for (int j = 0; j < d; j++) {
                ms += xv[n * d + j] * xv[n * d + j];
            }
            double r = Math.sqrt(ms / d + EPS);
            assertEquals(r, rms.getDouble(n), 1e-15);
            for (int j = 0; j < d; j++) {
                expected[n * d + j] = g[j] * xv[n * d + j] / r;
            }
        }
        assertClose(Nd4j.create(expected, shape, 'c'), y, 1e-14);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientsAgreeWithCentralDifferences(long[] shape) {
        INDArray x = TestArrays.uniform(3, -1, 2, shape);
        INDArray gamma = TestArrays.uniform(4, 0.5, 1.5, features(shape));
        INDArray r = TestArrays.probeWeights(5, shape);
        INDArray rms = Nd4j.create(DataType.DOUBLE, shape[0]);
        forward(x, gamma, rms);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        RmsNormKernel.backward(r, x, new NormLayer(new NormAffine(gamma, null, dGamma, null), EPS), KernelRecords.rms(rms), dx);

        INDArray probeRms = rms.ulike();
        INDArray y = x.ulike();
        assertPassed(GradCheck.checkFunction(inputs("x", x, "gamma", gamma), () -> {
            RmsNormKernel.forward(x, new NormLayer(NormAffine.of(gamma, null), EPS), new RmsNormBuffers(probeRms, y));
            return GradCheck.projection(y, r);
        }, Map.of("x", dx, "gamma", dGamma)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientWithoutGammaAgreesWithCentralDifferencesAndInPlace(long[] shape) {
        INDArray x = TestArrays.uniform(6, -1, 2, shape);
        INDArray r = TestArrays.probeWeights(7, shape);
        INDArray rms = Nd4j.create(DataType.DOUBLE, shape[0]);
        forward(x, null, rms);
        INDArray dx = x.ulike();
        RmsNormKernel.backward(r, x, new NormLayer(new NormAffine(null, null, null, null), EPS), KernelRecords.rms(rms), dx);

        INDArray probeRms = rms.ulike();
        INDArray y = x.ulike();
        assertPassed(GradCheck.checkFunction(inputs("x", x), () -> {
            RmsNormKernel.forward(x, new NormLayer(NormAffine.of(null, null), EPS), new RmsNormBuffers(probeRms, y));
            return GradCheck.projection(y, r);
        }, Map.of("x", dx)));

        INDArray inPlace = r.dup();
        RmsNormKernel.backward(inPlace, x, new NormLayer(new NormAffine(null, null, null, null), EPS), KernelRecords.rms(rms), inPlace);
        NormTesting.assertSameValues(dx, inPlace);
    }

    /** Σ_j dx_j·x_j = (ε/r²)·Σ_j du_j·x_j/r: the scale invariance of y that ε breaks, per sample. */
    @ParameterizedTest
    @MethodSource("layouts")
    void inputGradientIsOrthogonalToXUpToTheEpsilonTerm(long[] shape) {
        INDArray x = TestArrays.uniform(8, -1, 2, shape);
        INDArray gamma = TestArrays.uniform(9, 0.5, 1.5, features(shape));
        INDArray dy = TestArrays.uniform(10, -1, 1, shape);
        INDArray rms = Nd4j.create(DataType.DOUBLE, shape[0]);
        forward(x, gamma, rms);
        INDArray dx = x.ulike();
        RmsNormKernel.backward(dy, x, new NormLayer(new NormAffine(gamma, null, null, null), EPS), KernelRecords.rms(rms), dx);

        double[] xv = NormTesting.values(x);
        double[] dxv = NormTesting.values(dx);
        double[] dyv = NormTesting.values(dy);
        double[] g = NormTesting.values(gamma);
        int d = g.length;
        for (int n = 0; n < shape[0]; n++) {
            double r = rms.getDouble(n);
            double dxDotX = 0;
            double duDotX = 0;
            for (int j = 0; j < d; j++) {
                dxDotX += dxv[n * d + j] * xv[n * d + j];
                duDotX += dyv[n * d + j] * g[j] * xv[n * d + j];
            }
            assertEquals(EPS / (r * r) * duDotX / r, dxDotX, 1e-14);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void sampleOutputDoesNotDependOnTheRestOfTheBatch(long[] shape) {
        INDArray x = TestArrays.uniform(11, -1, 2, shape);
        INDArray gamma = TestArrays.uniform(12, 0.5, 1.5, features(shape));
        INDArray y = forward(x, gamma, Nd4j.create(DataType.DOUBLE, shape[0]));
        long[] one = shape.clone();
        one[0] = 1;
        INDArray alone = forward(x.get(NDArrayIndex.interval(0, 1)).dup(), gamma, Nd4j.create(DataType.DOUBLE, 1));
        NormTesting.assertSameValues(y.get(NDArrayIndex.interval(0, 1)), alone.reshape(one));
    }
}
