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
import static dev.kiln.runtime.kernels.NormTesting.Groups;
import static dev.kiln.runtime.kernels.NormTesting.assertClose;
import static dev.kiln.runtime.kernels.NormTesting.assertPassed;
import static dev.kiln.runtime.kernels.NormTesting.features;
import static dev.kiln.runtime.kernels.NormTesting.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerNormKernelTest {

    static Stream<long[]> layouts() {
        return Stream.of(new long[]{5, 7}, new long[]{3, 2, 3, 4});
    }

    private static final class Forward {
        final INDArray x;
        final INDArray mean;
        final INDArray var;
        final INDArray xHat;
        final INDArray y;

        Forward(INDArray x) {
            this.x = x;
            mean = Nd4j.create(DataType.DOUBLE, x.size(0));
            var = Nd4j.create(DataType.DOUBLE, x.size(0));
            xHat = x.ulike();
            y = x.ulike();
        }

        Forward run(INDArray gamma, INDArray beta) {
            LayerNormKernel.forward(x, new NormLayer(NormAffine.of(gamma, beta), EPS), new NormBuffers(new Moments(mean, var), xHat, y));
            return this;
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void forwardMatchesLoopReferenceWithElementWiseAffine(long[] shape) {
        INDArray x = TestArrays.uniform(1, -1, 3, shape);
        INDArray gamma = TestArrays.uniform(2, 0.5, 1.5, features(shape));
        INDArray beta = TestArrays.uniform(3, -1, 1, features(shape));
        Forward f = new Forward(x).run(gamma, beta);

        Groups samples = Groups.bySample(shape);
        double[][] stats = NormTesting.moments(x, samples);
        assertClose(Nd4j.createFromArray(stats[0]), f.mean, 1e-15);
        assertClose(Nd4j.createFromArray(stats[1]), f.var, 1e-15);
        INDArray xHat = NormTesting.referenceXHat(x, samples, EPS);
        assertClose(xHat, f.xHat, 1e-14);
        double[] xh = NormTesting.values(xHat);
        double[] g = NormTesting.values(gamma);
        double[] b = NormTesting.values(beta);
        double[] y = new double[xh.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = g[i % g.length] * xh[i] + b[i % b.length];
        }
        assertClose(Nd4j.create(y, shape, 'c'), f.y, 1e-14);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientsAgreeWithCentralDifferences(long[] shape) {
        INDArray x = TestArrays.uniform(4, -1, 3, shape);
        INDArray gamma = TestArrays.uniform(5, 0.5, 1.5, features(shape));
        INDArray beta = TestArrays.uniform(6, -1, 1, features(shape));
        INDArray r = TestArrays.probeWeights(7, shape);
        Forward f = new Forward(x).run(gamma, beta);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        LayerNormKernel.backward(r, new NormLayer(new NormAffine(gamma, null, dGamma, dBeta), EPS), KernelRecords.normalized(f.xHat, f.var), dx);

        Forward probe = new Forward(x);
        assertPassed(GradCheck.checkFunction(inputs("x", x, "gamma", gamma, "beta", beta),
                () -> GradCheck.projection(probe.run(gamma, beta).y, r),
                Map.of("x", dx, "gamma", dGamma, "beta", dBeta)));
        assertTrue(NormTesting.maxGroupSum(dx, Groups.bySample(shape)) < 1e-12);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientWithoutAffineAgreesWithCentralDifferencesAndInPlace(long[] shape) {
        INDArray x = TestArrays.uniform(8, -1, 3, shape);
        INDArray r = TestArrays.probeWeights(9, shape);
        Forward f = new Forward(x).run(null, null);
        INDArray dx = x.ulike();
        LayerNormKernel.backward(r, new NormLayer(new NormAffine(null, null, null, null), EPS), KernelRecords.normalized(f.xHat, f.var), dx);

        Forward probe = new Forward(x);
        assertPassed(GradCheck.checkFunction(inputs("x", x), () -> GradCheck.projection(probe.run(null, null).y, r),
                Map.of("x", dx)));

        INDArray inPlace = r.dup();
        LayerNormKernel.backward(inPlace, new NormLayer(new NormAffine(null, null, null, null), EPS), KernelRecords.normalized(f.xHat, f.var), inPlace);
        NormTesting.assertSameValues(dx, inPlace);
        assertTrue(NormTesting.maxGroupSum(dx, Groups.bySample(shape)) < 1e-12);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void sampleOutputDoesNotDependOnTheRestOfTheBatch(long[] shape) {
        INDArray x = TestArrays.uniform(10, -1, 3, shape);
        INDArray gamma = TestArrays.uniform(11, 0.5, 1.5, features(shape));
        INDArray beta = TestArrays.uniform(12, -1, 1, features(shape));
        INDArray y = new Forward(x).run(gamma, beta).y.dup();

        INDArray other = TestArrays.uniform(13, -10, 10, shape);
        other.get(NDArrayIndex.interval(0, 1)).assign(x.get(NDArrayIndex.interval(0, 1)));
        INDArray yOther = new Forward(other).run(gamma, beta).y;
        NormTesting.assertSameValues(y.get(NDArrayIndex.interval(0, 1)), yOther.get(NDArrayIndex.interval(0, 1)));

        long[] one = shape.clone();
        one[0] = 1;
        INDArray alone = new Forward(x.get(NDArrayIndex.interval(0, 1)).dup()).run(gamma, beta).y;
        NormTesting.assertSameValues(y.get(NDArrayIndex.interval(0, 1)), alone.reshape(one));
    }
}
