package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
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
import static dev.kiln.runtime.kernels.NormTesting.inputs;
import static dev.kiln.runtime.kernels.NormTesting.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchNormKernelTest {

    /** Dense [N, C] (statistics over N) and conv [N, C, H, W] (over N, H, W). */
    static Stream<long[]> layouts() {
        return Stream.of(new long[]{6, 3}, new long[]{4, 3, 2, 5});
    }

    /** One training forward's buffers. */
    private static final class Train {
        final INDArray x;
        final INDArray mean;
        final INDArray var;
        final INDArray xHat;
        final INDArray y;

        Train(INDArray x) {
            this.x = x;
            long c = x.size(1);
            mean = Nd4j.create(DataType.DOUBLE, c);
            var = Nd4j.create(DataType.DOUBLE, c);
            xHat = x.ulike();
            y = x.ulike();
        }

        Train run(INDArray gamma, INDArray beta) {
            BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(gamma, beta, mean, var, EPS), new BatchNormBuffers(xHat, y));
            return this;
        }
    }

    private static INDArray input(long seed, long[] shape) {
        // an offset and a per-element spread, so the channels have different means and variances
        return TestArrays.uniform(seed, -1.0, 3.0, shape);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void trainingForwardMatchesLoopReference(long[] shape) {
        INDArray x = input(1, shape);
        INDArray gamma = TestArrays.uniform(2, 0.5, 1.5, shape[1]);
        INDArray beta = TestArrays.uniform(3, -1, 1, shape[1]);
        Train t = new Train(x).run(gamma, beta);

        Groups groups = Groups.byChannel(shape);
        double[][] stats = NormTesting.moments(x, groups);
        assertClose(Nd4j.createFromArray(stats[0]), t.mean, 1e-15);
        assertClose(Nd4j.createFromArray(stats[1]), t.var, 1e-15);
        INDArray xHat = NormTesting.referenceXHat(x, groups, EPS);
        assertClose(xHat, t.xHat, 1e-14);
        INDArray y = xHat.ulike();
        Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp(xHat, gamma, y, 1));
        Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp(y, beta, y, 1));
        assertClose(y, t.y, 1e-14);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientsAgreeWithCentralDifferences(long[] shape) {
        INDArray x = input(4, shape);
        INDArray gamma = TestArrays.uniform(5, 0.5, 1.5, shape[1]);
        INDArray beta = TestArrays.uniform(6, -1, 1, shape[1]);
        INDArray r = TestArrays.probeWeights(7, shape);
        Train t = new Train(x).run(gamma, beta);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        BatchNormKernel.backward(r, KernelRecords.batchNormBackward(gamma, t.var, EPS, dGamma, dBeta), KernelRecords.normalized(t.xHat), dx);

        Train probe = new Train(x);
        assertPassed(GradCheck.checkFunction(inputs("x", x, "gamma", gamma, "beta", beta),
                () -> GradCheck.projection(probe.run(gamma, beta).y, r),
                Map.of("x", dx, "gamma", dGamma, "beta", dBeta)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientWithoutAffineAgreesWithCentralDifferences(long[] shape) {
        INDArray x = input(8, shape);
        INDArray r = TestArrays.probeWeights(9, shape);
        Train t = new Train(x).run(null, null);
        INDArray dx = x.ulike();
        BatchNormKernel.backward(r, KernelRecords.batchNormBackward(null, t.var, EPS, null, null), KernelRecords.normalized(t.xHat), dx);

        Train probe = new Train(x);
        assertPassed(GradCheck.checkFunction(inputs("x", x), () -> GradCheck.projection(probe.run(null, null).y, r),
                Map.of("x", dx)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void inputGradientSumsToZeroPerChannel(long[] shape) {
        INDArray x = input(10, shape);
        INDArray gamma = TestArrays.uniform(11, 0.5, 1.5, shape[1]);
        INDArray dy = TestArrays.uniform(12, -1, 1, shape);
        Train t = new Train(x).run(gamma, null);
        INDArray dx = x.ulike();
        BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, t.var, EPS, null, null), KernelRecords.normalized(t.xHat), dx);
        assertTrue(NormTesting.maxGroupSum(dx, Groups.byChannel(shape)) < 1e-12);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void backwardInPlaceOnDyMatchesSeparateBuffers(long[] shape) {
        INDArray x = input(13, shape);
        INDArray gamma = TestArrays.uniform(14, 0.5, 1.5, shape[1]);
        INDArray dy = TestArrays.uniform(15, -1, 1, shape);
        Train t = new Train(x).run(gamma, null);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = gamma.ulike();
        BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, t.var, EPS, dGamma, dBeta), KernelRecords.normalized(t.xHat), dx);

        INDArray inPlace = dy.dup();
        INDArray dGamma2 = gamma.ulike();
        INDArray dBeta2 = gamma.ulike();
        BatchNormKernel.backward(inPlace, KernelRecords.batchNormBackward(gamma, t.var, EPS, dGamma2, dBeta2), KernelRecords.normalized(t.xHat), inPlace);
        NormTesting.assertSameValues(dx, inPlace);
        NormTesting.assertSameValues(dGamma, dGamma2);
        NormTesting.assertSameValues(dBeta, dBeta2);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void trainingOutputPerChannelHasMeanBetaAndScaledStdGamma(long[] shape) {
        INDArray x = input(16, shape);
        INDArray gamma = TestArrays.scalars(-1.5, 0.7, 2.0);
        INDArray beta = TestArrays.scalars(0.3, -2.0, 5.0);
        Train t = new Train(x).run(gamma, beta);
        double[][] outStats = NormTesting.moments(t.y, Groups.byChannel(shape));
        double[][] inStats = NormTesting.moments(x, Groups.byChannel(shape));
        for (int c = 0; c < 3; c++) {
            double sigma2 = inStats[1][c];
            assertEquals(beta.getDouble(c), outStats[0][c], 1e-14);
            assertEquals(Math.abs(gamma.getDouble(c)) * Math.sqrt(sigma2 / (sigma2 + EPS)), Math.sqrt(outStats[1][c]),
                    1e-14);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gammaSqrtVarPlusEpsAndBetaMeanGiveTheIdentity(long[] shape) {
        INDArray x = input(17, shape);
        Train stats = new Train(x).run(null, null);
        INDArray gamma = stats.var.add(EPS);
        gamma = org.nd4j.linalg.ops.transforms.Transforms.sqrt(gamma, false);
        INDArray beta = stats.mean.dup();
        Train t = new Train(x).run(gamma, beta);
        assertTrue(maxAbsDiff(x, t.y) < 1e-12);
    }

    @Test
    void outputIsInvariantToPositiveScalingOfThePrecedingWeightsOnly() {
        INDArray x = TestArrays.uniform(18, -1, 1, 64, 10);
        INDArray w = TestArrays.uniform(19, -1, 1, 10, 4);
        INDArray z = x.mmul(w);
        INDArray reference = new Train(z).run(null, null).y.dup();

        assertTrue(maxAbsDiff(reference, new Train(z.mul(5.0)).run(null, null).y) < 1e-4);
        double flipped = maxAbsDiff(reference, new Train(z.mul(-2.0)).run(null, null).y);
        assertTrue(flipped > 1.0, "a < 0 flips the sign, difference " + flipped);
        assertTrue(maxAbsDiff(reference.neg(), new Train(z.mul(-2.0)).run(null, null).y) < 1e-4);
        double tiny = maxAbsDiff(reference, new Train(z.mul(1e-3)).run(null, null).y);
        assertTrue(tiny > 0.5, "a²σ² << ε shrinks the output, difference " + tiny);
    }

    @Test
    void runningStatisticsAfterOneStepAreNineTenthsInitPlusOneTenthBatch() {
        long[] shape = {4, 3, 2, 5};
        INDArray x = input(20, shape);
        Train t = new Train(x).run(null, null);
        INDArray runningMean = Nd4j.zeros(DataType.DOUBLE, 3);
        INDArray runningVar = Nd4j.ones(DataType.DOUBLE, 3);
        long m = BatchNormKernel.valuesPerChannel(x);
        assertEquals(40, m);
        BatchNormKernel.updateRunning(x, new BatchNormLayer(NormAffine.NONE, new Moments(runningMean, runningVar),
                new Moments(t.mean, t.var), EPS, 0.9));

        double[][] stats = NormTesting.moments(x, Groups.byChannel(shape));
        for (int c = 0; c < 3; c++) {
            double unbiased = stats[1][c] * m / (m - 1);
            assertEquals(0.1 * stats[0][c], runningMean.getDouble(c), 1e-15);
            assertEquals(0.9 + 0.1 * unbiased, runningVar.getDouble(c), 1e-15);
        }
    }

    @Test
    void runningStatisticsAfterKStepsEqualTheClosedForm() {
        long[] shape = {8, 3};
        int k = 7;
        double d = 0.9;
        INDArray runningMean = Nd4j.zeros(DataType.DOUBLE, 3);
        INDArray runningVar = Nd4j.ones(DataType.DOUBLE, 3);
        double[][] batchMeans = new double[k][];
        double[][] unbiasedVars = new double[k][];
        for (int step = 0; step < k; step++) {
            INDArray x = TestArrays.uniform(100 + step, -2 + step, 2 + 2 * step, shape);
            Train t = new Train(x).run(null, null);
            BatchNormKernel.updateRunning(x, new BatchNormLayer(NormAffine.NONE, new Moments(runningMean, runningVar),
                    new Moments(t.mean, t.var), EPS, d));
            double[][] stats = NormTesting.moments(x, Groups.byChannel(shape));
            batchMeans[step] = stats[0];
            unbiasedVars[step] = new double[3];
            for (int c = 0; c < 3; c++) {
                unbiasedVars[step][c] = stats[1][c] * 8 / 7;
            }
        }
        for (int c = 0; c < 3; c++) {
            // r_k = d^k r_0 + (1 - d) Σ_i d^(k-1-i) v_i
            double mean = 0;
            double var = Math.pow(d, k);
            for (int i = 0; i < k; i++) {
                mean += (1 - d) * Math.pow(d, k - 1 - i) * batchMeans[i][c];
                var += (1 - d) * Math.pow(d, k - 1 - i) * unbiasedVars[i][c];
            }
            assertEquals(mean, runningMean.getDouble(c), 1e-13);
            assertEquals(var, runningVar.getDouble(c), 1e-13);
        }
    }

    @Test
    void oneValuePerChannelInTrainingIsRefused() {
        for (long[] shape : new long[][]{{1, 3}, {1, 3, 1, 1}}) {
            INDArray x = input(21, shape);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Train(x).run(null, null));
            assertEquals("batch norm needs more than one value per channel in training; got batch "
                    + java.util.Arrays.toString(shape) + "; use LayerNorm or GroupNorm for batches of one", e.getMessage());
        }
        // one sample with spatial extent still has m = H·W values per channel
        Train t = new Train(input(22, new long[]{1, 3, 2, 2})).run(null, null);
        assertEquals(4, BatchNormKernel.valuesPerChannel(t.x));
        // a [1, 3] batch has m = 1: no unbiased variance
        BatchNormLayer oneValue = new BatchNormLayer(NormAffine.NONE, new Moments(Nd4j.zeros(DataType.DOUBLE, 3),
                Nd4j.ones(DataType.DOUBLE, 3)), new Moments(t.mean, t.var), EPS, 0.9);
        assertThrows(IllegalArgumentException.class, () -> BatchNormKernel.updateRunning(Nd4j.create(DataType.DOUBLE, 1, 3), oneValue));
    }

    @Test
    void valuesPerChannelIsNForDenseAndNHWForConv() {
        assertEquals(6, BatchNormKernel.valuesPerChannel(Nd4j.create(DataType.DOUBLE, 6, 3)));
        assertEquals(40, BatchNormKernel.valuesPerChannel(Nd4j.create(DataType.DOUBLE, 4, 3, 2, 5)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void inferenceUsesRunningStatisticsAndIsBatchIndependent(long[] shape) {
        INDArray x = input(23, shape);
        INDArray gamma = TestArrays.uniform(24, 0.5, 1.5, shape[1]);
        INDArray beta = TestArrays.uniform(25, -1, 1, shape[1]);
        INDArray runningMean = TestArrays.uniform(26, -1, 1, shape[1]);
        INDArray runningVar = TestArrays.uniform(27, 0.5, 2, shape[1]);
        INDArray y = x.ulike();
        BatchNormKernel.forwardInference(x, KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), y);

        double[] xv = NormTesting.values(x);
        double[] expected = new double[xv.length];
        Groups channel = Groups.byChannel(shape);
        for (int i = 0; i < xv.length; i++) {
            int c = (int) channel.groupOf().applyAsLong(i);
            expected[i] = gamma.getDouble(c) * (xv[i] - runningMean.getDouble(c))
                    / Math.sqrt(runningVar.getDouble(c) + EPS) + beta.getDouble(c);
        }
        assertClose(Nd4j.create(expected, shape, 'c'), y, 1e-14);

        long[] one = shape.clone();
        one[0] = 1;
        INDArray first = x.get(NDArrayIndex.interval(0, 1)).dup();
        INDArray yFirst = first.ulike();
        BatchNormKernel.forwardInference(first, KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), yFirst);
        NormTesting.assertSameValues(y.get(NDArrayIndex.interval(0, 1)), yFirst.reshape(one));
    }

    @Test
    void inferenceWithoutAffineAndInPlace() {
        long[] shape = {4, 3, 2, 5};
        INDArray x = input(28, shape);
        INDArray runningMean = TestArrays.uniform(29, -1, 1, 3);
        INDArray runningVar = TestArrays.uniform(30, 0.5, 2, 3);
        INDArray y = x.ulike();
        BatchNormKernel.forwardInference(x, KernelRecords.batchNormInference(null, null, runningMean, runningVar, EPS), y);
        INDArray expected = x.ulike();
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp(x, runningMean, expected, 1));
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp(expected,
                org.nd4j.linalg.ops.transforms.Transforms.sqrt(runningVar.add(EPS)), expected, 1));
        assertClose(expected, y, 1e-14);

        INDArray inPlace = x.dup();
        BatchNormKernel.forwardInference(inPlace, KernelRecords.batchNormInference(null, null, runningMean, runningVar, EPS), inPlace);
        NormTesting.assertSameValues(y, inPlace);
    }

    @Test
    void trainingForwardInPlaceOnXMatchesSeparateBuffers() {
        long[] shape = {4, 3, 2, 5};
        INDArray x = input(31, shape);
        INDArray gamma = TestArrays.uniform(32, 0.5, 1.5, 3);
        INDArray beta = TestArrays.uniform(33, -1, 1, 3);
        Train separate = new Train(x).run(gamma, beta);

        INDArray xHatInX = x.dup();
        INDArray mean = Nd4j.create(DataType.DOUBLE, 3);
        INDArray var = Nd4j.create(DataType.DOUBLE, 3);
        INDArray y = x.ulike();
        BatchNormKernel.forwardTraining(xHatInX, KernelRecords.batchNorm(gamma, beta, mean, var, EPS), new BatchNormBuffers(xHatInX, y));
        NormTesting.assertSameValues(separate.xHat, xHatInX);
        NormTesting.assertSameValues(separate.y, y);

        INDArray yInX = x.dup();
        INDArray xHat = x.ulike();
        BatchNormKernel.forwardTraining(yInX, KernelRecords.batchNorm(gamma, beta, mean, var, EPS), new BatchNormBuffers(xHat, yInX));
        NormTesting.assertSameValues(separate.xHat, xHat);
        NormTesting.assertSameValues(separate.y, yInX);
    }

    @Test
    void yOverwritingXHatIsRefusedWithAffineAndAllowedWithout() {
        INDArray x = input(34, new long[]{6, 3});
        INDArray mean = Nd4j.create(DataType.DOUBLE, 3);
        INDArray var = Nd4j.create(DataType.DOUBLE, 3);
        INDArray shared = x.ulike();
        INDArray gamma = TestArrays.uniform(35, 0.5, 1.5, 3);
        assertThrows(IllegalArgumentException.class,
                () -> BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(gamma, null, mean, var, EPS), new BatchNormBuffers(shared, shared)));
        BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(null, null, mean, var, EPS), new BatchNormBuffers(shared, shared));
        assertClose(NormTesting.referenceXHat(x, Groups.byChannel(x.shape()), EPS), shared, 1e-14);
    }

    @Test
    void wrongShapesAreRefused() {
        INDArray x = input(36, new long[]{6, 3});
        INDArray mean = Nd4j.create(DataType.DOUBLE, 3);
        INDArray var = Nd4j.create(DataType.DOUBLE, 3);
        assertThrows(IllegalArgumentException.class, () -> BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(Nd4j.ones(DataType.DOUBLE, 4), null, mean, var, EPS), new BatchNormBuffers(x.ulike(), x.ulike())));
        assertThrows(IllegalArgumentException.class, () -> BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(null, null, Nd4j.create(DataType.DOUBLE, 6), var, EPS), new BatchNormBuffers(x.ulike(), x.ulike())));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void float32AgreesWithFloat64(long[] shape) {
        INDArray x = input(37, shape);
        INDArray gamma = TestArrays.uniform(38, 0.5, 1.5, shape[1]);
        INDArray beta = TestArrays.uniform(39, -1, 1, shape[1]);
        INDArray dy = TestArrays.uniform(40, -1, 1, shape);
        Train t = new Train(x).run(gamma, beta);
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, t.var, EPS, dGamma, null), KernelRecords.normalized(t.xHat), dx);

        DataType f = DataType.FLOAT;
        INDArray xf = x.castTo(f);
        INDArray gf = gamma.castTo(f);
        INDArray mean = Nd4j.create(f, shape[1]);
        INDArray var = Nd4j.create(f, shape[1]);
        INDArray xHat = xf.ulike();
        INDArray y = xf.ulike();
        BatchNormKernel.forwardTraining(xf, KernelRecords.batchNorm(gf, beta.castTo(f), mean, var, EPS), new BatchNormBuffers(xHat, y));
        INDArray dxf = xf.ulike();
        INDArray dGammaF = gf.ulike();
        BatchNormKernel.backward(dy.castTo(f), KernelRecords.batchNormBackward(gf, var, EPS, dGammaF, null), KernelRecords.normalized(xHat), dxf);
        assertClose(t.y, y.castTo(DataType.DOUBLE), 1e-5);
        assertClose(dx, dxf.castTo(DataType.DOUBLE), 1e-5);
        assertClose(dGamma, dGammaF.castTo(DataType.DOUBLE), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> BatchNormKernel.forwardTraining(xf, KernelRecords.batchNorm(gamma, null, mean, var, EPS), new BatchNormBuffers(xHat, y)), "mixed data types are refused");
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void perChannelBackwardMatchesTheGenericNormalizationBackward(long[] shape) {
        // Batch norm's backward folds the per-channel means into coefficients; the generic form
        // (dx̂ = γ dy, then backwardInPlace, as layer and group norm do it) must give the same dx.
        INDArray x = input(41, shape);
        INDArray gamma = TestArrays.uniform(42, 0.5, 1.5, shape[1]);
        INDArray dy = TestArrays.uniform(43, -1, 1, shape);
        Train t = new Train(x).run(gamma, null);
        long n = shape[0];
        long c = shape[1];
        long spatial = x.length() / (n * c);
        INDArray expected = Nd4j.create(DataType.DOUBLE, n, c, spatial);
        NormalizationMath.scaleByGamma(dy.reshape(n, c, spatial), gamma, expected);
        NormalizationMath.backwardInPlace(expected, t.xHat.reshape(n, c, spatial), t.var, EPS);

        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = gamma.ulike();
        BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, t.var, EPS, dGamma, dBeta), KernelRecords.normalized(t.xHat), dx);
        assertClose(expected.reshape(shape), dx, 1e-13);
        INDArray dxWithoutParameterGradients = x.ulike();
        BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, t.var, EPS, null, null), KernelRecords.normalized(t.xHat), dxWithoutParameterGradients);
        assertEquals(dx, dxWithoutParameterGradients);
    }
}
