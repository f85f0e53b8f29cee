package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.kiln.runtime.kernels.NormTesting.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchNormFoldingTest {
    private final INDArray gamma = TestArrays.uniform(1, -1.5, 1.5, 3);
    private final INDArray beta = TestArrays.uniform(2, -1, 1, 3);
    private final INDArray runningMean = TestArrays.uniform(3, -1, 1, 3);
    private final INDArray runningVar = TestArrays.uniform(4, 0.2, 2, 3);

    private INDArray denseThenBatchNorm(INDArray x, INDArray w, INDArray b, INDArray g, INDArray be) {
        INDArray z = Nd4j.create(DataType.DOUBLE, x.size(0), w.size(1));
        DenseKernel.forward(x, w, b, z);
        INDArray y = z.ulike();
        BatchNormKernel.forwardInference(z, KernelRecords.batchNormInference(g, be, runningMean, runningVar, EPS), y);
        return y;
    }

    private INDArray foldedDense(INDArray x, INDArray w, INDArray b, INDArray g, INDArray be) {
        INDArray foldedW = w.ulike();
        INDArray foldedB = Nd4j.create(DataType.DOUBLE, w.size(1));
        BatchNormFolding.foldDense(w, b, KernelRecords.batchNormInference(g, be, runningMean, runningVar, EPS), foldedW, foldedB);
        INDArray y = Nd4j.create(DataType.DOUBLE, x.size(0), w.size(1));
        DenseKernel.forward(x, foldedW, foldedB, y);
        return y;
    }

    @Test
    void foldedDenseEqualsDenseThenInferenceBatchNorm() {
        INDArray x = TestArrays.uniform(5, -2, 2, 6, 4);
        INDArray w = TestArrays.uniform(6, -1, 1, 4, 3);
        INDArray b = TestArrays.uniform(7, -1, 1, 3);
        assertTrue(NormTesting.maxAbsDiff(denseThenBatchNorm(x, w, b, gamma, beta),
                foldedDense(x, w, b, gamma, beta)) < 1e-12);
        // no bias before BN, and BN without affine
        assertTrue(NormTesting.maxAbsDiff(denseThenBatchNorm(x, w, null, null, null),
                foldedDense(x, w, null, null, null)) < 1e-12);
    }

    @Test
    void inPlaceFoldEqualsFoldIntoNewBuffers() {
        INDArray w = TestArrays.uniform(8, -1, 1, 4, 3);
        INDArray b = TestArrays.uniform(9, -1, 1, 3);
        INDArray foldedW = w.ulike();
        INDArray foldedB = b.ulike();
        BatchNormFolding.foldDense(w, b, KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), foldedW, foldedB);
        INDArray wInPlace = w.dup();
        INDArray bInPlace = b.dup();
        BatchNormFolding.foldDense(wInPlace, bInPlace, KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), wInPlace, bInPlace);
        NormTesting.assertSameValues(foldedW, wInPlace);
        NormTesting.assertSameValues(foldedB, bInPlace);
    }

    /** Stride 1, no padding: y[n,o,i,j] = Σ_{c,p,q} W[o,c,p,q]·x[n,c,i+p,j+q] + b[o]. */
    private static INDArray conv(INDArray x, INDArray w, INDArray b) {
        int n = (int) x.size(0);
        int inC = (int) x.size(1);
        int outC = (int) w.size(0);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        int oh = (int) x.size(2) - kh + 1;
        int ow = (int) x.size(3) - kw + 1;
        INDArray y = Nd4j.create(DataType.DOUBLE, n, outC, oh, ow);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outC; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b == null ? 0 : b.getDouble(o);
                        for (int c = 0; c < inC; c++) {
                            for (int p = 0; p < kh; p++) {
                                for (int q = 0; q < kw; q++) {
                                    sum += w.getDouble(o, c, p, q) * x.getDouble(s, c, i + p, j + q);
                                }
                            }
                        }
                        y.putScalar(new int[]{s, o, i, j}, sum);
                    }
                }
            }
        }
        return y;
    }

    @Test
    void foldedConvEqualsConvThenInferenceBatchNorm() {
        INDArray x = TestArrays.uniform(10, -2, 2, 2, 2, 4, 4);
        INDArray w = TestArrays.uniform(11, -1, 1, 3, 2, 2, 2);
        INDArray b = TestArrays.uniform(12, -1, 1, 3);
        INDArray z = conv(x, w, b);
        INDArray expected = z.ulike();
        BatchNormKernel.forwardInference(z, KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), expected);

        INDArray foldedW = w.ulike();
        INDArray foldedB = b.ulike();
        BatchNormFolding.foldConv(KernelRecords.conv(w, b), KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), KernelRecords.conv(foldedW, foldedB));
        assertTrue(NormTesting.maxAbsDiff(expected, conv(x, foldedW, foldedB)) < 1e-12);

        BatchNormFolding.foldConv(KernelRecords.conv(w, null), KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), KernelRecords.conv(foldedW, foldedB));
        INDArray zNoBias = conv(x, w, null);
        BatchNormKernel.forwardInference(zNoBias, KernelRecords.batchNormInference(gamma, beta, runningMean, runningVar, EPS), expected);
        assertTrue(NormTesting.maxAbsDiff(expected, conv(x, foldedW, foldedB)) < 1e-12);
    }
}
