package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static dev.kiln.runtime.kernels.NormTesting.EPS;
import static dev.kiln.runtime.kernels.NormTesting.Groups;
import static dev.kiln.runtime.kernels.NormTesting.assertClose;
import static dev.kiln.runtime.kernels.NormTesting.assertPassed;
import static dev.kiln.runtime.kernels.NormTesting.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceNormKernelTest {
    private static final long[] SHAPE = {2, 3, 3, 4};

    private static final class Forward {
        final INDArray x;
        final INDArray mean;
        final INDArray var;
        final INDArray xHat;
        final INDArray y;

        Forward(INDArray x) {
            this.x = x;
            mean = Nd4j.create(DataType.DOUBLE, x.size(0), x.size(1));
            var = Nd4j.create(DataType.DOUBLE, x.size(0), x.size(1));
            xHat = x.ulike();
            y = x.ulike();
        }

        Forward run(INDArray gamma, INDArray beta) {
            InstanceNormKernel.forward(x, new NormLayer(NormAffine.of(gamma, beta), EPS), new NormBuffers(new Moments(mean, var), xHat, y));
            return this;
        }
    }

    @Test
    void forwardNormalizesEachSampleAndChannelOverSpace() {
        INDArray x = TestArrays.uniform(1, -1, 3, SHAPE);
        Forward f = new Forward(x).run(null, null);
        Groups instances = Groups.byInstance(SHAPE);
        double[][] stats = NormTesting.moments(x, instances);
        assertClose(Nd4j.create(stats[0], new long[]{2, 3}, 'c'), f.mean, 1e-15);
        assertClose(Nd4j.create(stats[1], new long[]{2, 3}, 'c'), f.var, 1e-15);
        assertClose(NormTesting.referenceXHat(x, instances, EPS), f.y, 1e-14);
    }

    @Test
    void gradientsAgreeWithCentralDifferencesAndSumToZeroPerInstance() {
        INDArray x = TestArrays.uniform(2, -1, 3, SHAPE);
        INDArray gamma = TestArrays.uniform(3, 0.5, 1.5, 3);
        INDArray beta = TestArrays.uniform(4, -1, 1, 3);
        INDArray r = TestArrays.probeWeights(5, SHAPE);
        Forward f = new Forward(x).run(gamma, beta);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        InstanceNormKernel.backward(r, new NormLayer(new NormAffine(gamma, null, dGamma, dBeta), EPS), KernelRecords.normalized(f.xHat, f.var), dx);

        Forward probe = new Forward(x);
        assertPassed(GradCheck.checkFunction(inputs("x", x, "gamma", gamma, "beta", beta),
                () -> GradCheck.projection(probe.run(gamma, beta).y, r),
                Map.of("x", dx, "gamma", dGamma, "beta", dBeta)));
        assertTrue(NormTesting.maxGroupSum(dx, Groups.byInstance(SHAPE)) < 1e-12);
    }

    @Test
    void sampleOutputDoesNotDependOnTheRestOfTheBatch() {
        INDArray x = TestArrays.uniform(6, -1, 3, SHAPE);
        INDArray y = new Forward(x).run(null, null).y.dup();
        INDArray alone = new Forward(x.get(NDArrayIndex.interval(0, 1)).dup()).run(null, null).y;
        NormTesting.assertSameValues(y.get(NDArrayIndex.interval(0, 1)), alone.reshape(1, 3, 3, 4));
    }

    @Test
    void inputWithoutSpatialAxesIsRefused() {
        INDArray x = TestArrays.uniform(7, -1, 1, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> new Forward(x).run(null, null));
    }
}
