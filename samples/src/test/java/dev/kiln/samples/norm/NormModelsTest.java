package dev.kiln.samples.norm;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.ModelInputException;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.samples.TestArrays;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.kernels.BatchNormKernel;
import dev.kiln.runtime.kernels.BatchNormLayer;
import dev.kiln.runtime.kernels.Moments;
import dev.kiln.runtime.kernels.NormAffine;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated normalization layers: gradients in training mode, inference independence, the snapshot's folding, guards. */
class NormModelsTest {
    private static final int BATCH = 8;

    @Test
    void denseBatchNormGradients() {
        assertPasses(new NormModels_DenseBatchNormNet(1, DataType.DOUBLE), gaussian(BATCH, 5, 1, 1), TestArrays.oneHot(BATCH, 3, 2));
    }

    @Test
    void flatNormsAndWeightNormGradients() {
        assertPasses(new NormModels_FlatNormsNet(2, DataType.DOUBLE), gaussian(BATCH, 6, 1, 3), gaussian(BATCH, 2, 1, 4));
    }

    @Test
    void spatialNormsGradients() {
        INDArray x = gaussian(BATCH, 4 * 3 * 3, 1, 5).reshape(BATCH, 4, 3, 3);
        assertPasses(new NormModels_SpatialNormsNet(3, DataType.DOUBLE), x, TestArrays.oneHot(BATCH, 3, 6));
    }

    @Test
    void inferenceOutputOfASampleDoesNotDependOnTheRestOfTheBatch() {
        NormModels_DenseBatchNormNet net = new NormModels_DenseBatchNormNet(4, DataType.DOUBLE);
        trainAFewSteps(net);
        INDArray batch = gaussian(BATCH, 5, 3, 7);
        INDArray together = net.forward(batch).dup();
        for (int i = 0; i < BATCH; i++) {
            INDArray alone = net.forward(batch.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()).dup());
            INDArray row = together.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
            assertTrue(maxAbsDifference(alone, row) < 1e-12, "sample " + i + " depends on the batch at inference");
        }
    }

    @Test
    void theSnapshotFoldsBatchNormAndAgreesWithForward() {
        NormModels_DenseBatchNormNet net = new NormModels_DenseBatchNormNet(5, DataType.DOUBLE);
        trainAFewSteps(net);
        INDArray x = gaussian(BATCH, 5, 1, 8);
        INDArray exact = net.forward(x).dup();
        assertTrue(maxAbsDifference(exact, net.freezeForInference().forward(x)) < 1e-12, "folded and unfolded differ");
        // fc1 then bn1 by hand, folded, from the trained parameters and running statistics
        INDArray z = Nd4j.create(DataType.DOUBLE, BATCH, 6);
        DenseKernel.forward(x, net.fc1W, null, z);
        INDArray bn = Nd4j.create(DataType.DOUBLE, BATCH, 6);
        BatchNormKernel.forwardInference(z, new BatchNormLayer(NormAffine.of(net.bn1Gamma, net.bn1Beta),
                new Moments(net.bn1RunningMean, net.bn1RunningVar), null, 1e-5, 0.9), bn);
        assertTrue(maxAbsDifference(bn, foldedFc1(net, x)) < 1e-12, "the fold is batch norm's affine map");
    }

    @Test
    void runningStatisticsAfterOneStepFollowTheClosedForm() {
        NormModels_DenseBatchNormNet net = new NormModels_DenseBatchNormNet(7, DataType.DOUBLE);
        INDArray x = gaussian(BATCH, 5, 1, 10);
        net.computeGradients(x, TestArrays.oneHot(BATCH, 3, 11));
        INDArray z = Nd4j.create(DataType.DOUBLE, BATCH, 6);
        DenseKernel.forward(x, net.fc1W, null, z);
        INDArray mean = z.mean(0);
        INDArray unbiasedVar = z.var(true, 0);
        assertTrue(maxAbsDifference(net.bn1RunningMean, mean.mul(0.1)) < 1e-12);
        assertTrue(maxAbsDifference(net.bn1RunningVar, unbiasedVar.mul(0.1).add(0.9)) < 1e-12);
    }

    @Test
    void batchNormRefusesABatchOfOneInTraining() {
        NormModels_DenseBatchNormNet net = new NormModels_DenseBatchNormNet(8, DataType.FLOAT);
        ModelInputException error = assertThrows(ModelInputException.class,
                () -> net.computeGradients(Nd4j.ones(DataType.FLOAT, 1, 5), TestArrays.oneHot(1, 3, 12).castTo(DataType.FLOAT)));
        assertEquals("DenseBatchNorm: batch norm 'bn1' needs more than one value per channel in training but gets input [1,6]; "
                + "train with batches of two or more, or use LayerNorm or GroupNorm, which do not depend on the batch", error.getMessage());
        assertEquals(1, net.forward(Nd4j.ones(DataType.FLOAT, 1, 5)).size(0), "inference with one sample is fine");
    }

    private static INDArray foldedFc1(NormModels_DenseBatchNormNet net, INDArray x) {
        INDArray a = net.bn1Gamma.div(Transforms.sqrt(net.bn1RunningVar.add(1e-5)));
        INDArray w = net.fc1W.mulRowVector(a);
        INDArray b = a.mul(net.bn1RunningMean.neg()).add(net.bn1Beta);
        return x.mmul(w).addRowVector(b);
    }

    private static void trainAFewSteps(KilnNet net) {
        INDArray x = gaussian(BATCH, 5, 2, 13).castTo(net.dataType());
        INDArray y = TestArrays.oneHot(BATCH, 3, 14).castTo(net.dataType());
        Sgd sgd = new Sgd(0.1);
        for (int i = 0; i < 5; i++) {
            net.trainStep(x, y, sgd);
        }
    }

    private static void assertPasses(KilnNet net, INDArray x, INDArray y) {
        GradCheckReport report = GradCheck.checkModel(net, x, y);
        assertTrue(report.passed(), report.toString());
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return Transforms.abs(a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
    }

    /** Test batches of this class are shifted by 0.3, so normalization has a mean to remove. */
    private static INDArray gaussian(int rows, int columns, double scale, long seed) {
        return TestArrays.gaussian(rows, columns, scale, 0.3, seed);
    }
}
