package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
import static dev.kiln.runtime.kernels.NormTesting.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupNormKernelTest {

    /** Dense [N, C] and conv [N, C, H, W], each with a few group counts. */
    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(new long[]{4, 6}, 3), Arguments.of(new long[]{4, 6}, 2),
                Arguments.of(new long[]{2, 6, 3, 2}, 3), Arguments.of(new long[]{2, 6, 3, 2}, 6));
    }

    private static final class Forward {
        final INDArray x;
        final int groups;
        final INDArray mean;
        final INDArray var;
        final INDArray xHat;
        final INDArray y;

        Forward(INDArray x, int groups) {
            this.x = x;
            this.groups = groups;
            mean = Nd4j.create(DataType.DOUBLE, x.size(0), groups);
            var = Nd4j.create(DataType.DOUBLE, x.size(0), groups);
            xHat = x.ulike();
            y = x.ulike();
        }

        Forward run(INDArray gamma, INDArray beta) {
            GroupNormKernel.forward(x, new GroupNormLayer(NormAffine.of(gamma, beta), groups, EPS), new NormBuffers(new Moments(mean, var), xHat, y));
            return this;
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void forwardMatchesLoopReference(long[] shape, int g) {
        INDArray x = TestArrays.uniform(1, -1, 3, shape);
        INDArray gamma = TestArrays.uniform(2, 0.5, 1.5, shape[1]);
        INDArray beta = TestArrays.uniform(3, -1, 1, shape[1]);
        Forward f = new Forward(x, g).run(gamma, beta);

        Groups groups = Groups.byGroupNorm(shape, g);
        double[][] stats = NormTesting.moments(x, groups);
        assertClose(Nd4j.create(stats[0], new long[]{shape[0], g}, 'c'), f.mean, 1e-15);
        assertClose(Nd4j.create(stats[1], new long[]{shape[0], g}, 'c'), f.var, 1e-15);
        INDArray xHat = NormTesting.referenceXHat(x, groups, EPS);
        assertClose(xHat, f.xHat, 1e-14);
        Groups channel = Groups.byChannel(shape);
        double[] xh = NormTesting.values(xHat);
        double[] y = new double[xh.length];
        for (int i = 0; i < y.length; i++) {
            int c = (int) channel.groupOf().applyAsLong(i);
            y[i] = gamma.getDouble(c) * xh[i] + beta.getDouble(c);
        }
        assertClose(Nd4j.create(y, shape, 'c'), f.y, 1e-14);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientsAgreeWithCentralDifferencesAndSumToZeroPerGroup(long[] shape, int g) {
        INDArray x = TestArrays.uniform(4, -1, 3, shape);
        INDArray gamma = TestArrays.uniform(5, 0.5, 1.5, shape[1]);
        INDArray beta = TestArrays.uniform(6, -1, 1, shape[1]);
        INDArray r = TestArrays.probeWeights(7, shape);
        Forward f = new Forward(x, g).run(gamma, beta);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        GroupNormKernel.backward(r, new GroupNormLayer(new NormAffine(gamma, null, dGamma, dBeta), g, EPS), KernelRecords.normalized(f.xHat, f.var), dx);

        Forward probe = new Forward(x, g);
        assertPassed(GradCheck.checkFunction(inputs("x", x, "gamma", gamma, "beta", beta),
                () -> GradCheck.projection(probe.run(gamma, beta).y, r),
                Map.of("x", dx, "gamma", dGamma, "beta", dBeta)));
        assertTrue(NormTesting.maxGroupSum(dx, Groups.byGroupNorm(shape, g)) < 1e-12);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientWithoutAffineAgreesWithCentralDifferences(long[] shape, int g) {
        INDArray x = TestArrays.uniform(8, -1, 3, shape);
        INDArray r = TestArrays.probeWeights(9, shape);
        Forward f = new Forward(x, g).run(null, null);
        INDArray dx = x.ulike();
        GroupNormKernel.backward(r, new GroupNormLayer(new NormAffine(null, null, null, null), g, EPS), KernelRecords.normalized(f.xHat, f.var), dx);
        Forward probe = new Forward(x, g);
        assertPassed(GradCheck.checkFunction(inputs("x", x), () -> GradCheck.projection(probe.run(null, null).y, r),
                Map.of("x", dx)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void sampleOutputDoesNotDependOnTheRestOfTheBatch(long[] shape, int g) {
        INDArray x = TestArrays.uniform(10, -1, 3, shape);
        INDArray gamma = TestArrays.uniform(11, 0.5, 1.5, shape[1]);
        INDArray y = new Forward(x, g).run(gamma, null).y.dup();
        INDArray other = TestArrays.uniform(12, -10, 10, shape);
        other.get(NDArrayIndex.interval(0, 1)).assign(x.get(NDArrayIndex.interval(0, 1)));
        INDArray yOther = new Forward(other, g).run(gamma, null).y;
        NormTesting.assertSameValues(y.get(NDArrayIndex.interval(0, 1)), yOther.get(NDArrayIndex.interval(0, 1)));
    }

    @Test
    void oneGroupIsLayerNormOverChannelsAndSpace() {
        long[] shape = {3, 4, 2, 3};
        INDArray x = TestArrays.uniform(13, -1, 3, shape);
        Forward group = new Forward(x, 1).run(null, null);
        INDArray mean = Nd4j.create(DataType.DOUBLE, 3);
        INDArray var = Nd4j.create(DataType.DOUBLE, 3);
        INDArray xHat = x.ulike();
        INDArray y = x.ulike();
        LayerNormKernel.forward(x, new NormLayer(NormAffine.of(null, null), EPS), new NormBuffers(new Moments(mean, var), xHat, y));
        assertClose(y, group.y, 1e-15);
        assertClose(mean.reshape(3, 1), group.mean, 1e-15);
        assertClose(var.reshape(3, 1), group.var, 1e-15);
    }

    @Test
    void groupsEqualToChannelsIsInstanceNorm() {
        long[] shape = {3, 4, 2, 3};
        INDArray x = TestArrays.uniform(14, -1, 3, shape);
        Forward group = new Forward(x, 4).run(null, null);
        assertClose(NormTesting.referenceXHat(x, Groups.byInstance(shape), EPS), group.y, 1e-14);

        INDArray mean = Nd4j.create(DataType.DOUBLE, 3, 4);
        INDArray var = Nd4j.create(DataType.DOUBLE, 3, 4);
        INDArray xHat = x.ulike();
        INDArray y = x.ulike();
        InstanceNormKernel.forward(x, new NormLayer(NormAffine.of(null, null), EPS), new NormBuffers(new Moments(mean, var), xHat, y));
        NormTesting.assertSameValues(group.y, y);
    }

    @Test
    void groupCountThatDoesNotDivideTheChannelsIsRefusedNamingBoth() {
        INDArray x = TestArrays.uniform(15, -1, 1, 2, 6, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Forward(x, 4).run(null, null));
        assertTrue(e.getMessage().contains("C = 6") && e.getMessage().contains("G = 4"), e.getMessage());
    }
}
