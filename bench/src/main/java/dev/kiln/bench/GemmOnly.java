package dev.kiln.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products of one MLP step and nothing else, with the calls, shapes, transpose flags and
 * c-ordered buffers Kiln's DenseKernel uses: the floor any implementation of the step on this BLAS
 * pays. Training has eight (three forward, three weight gradients, two input gradients; the first
 * layer's input needs none); inference the three forward ones.
 */
final class GemmOnly {
    private final int n;
    private final INDArray x;
    private final INDArray[] w = new INDArray[3];
    private final INDArray[] out = new INDArray[3];
    private final INDArray[] dOut = new INDArray[3];
    private final INDArray[] dW = new INDArray[3];
    private final INDArray[] dIn = new INDArray[3];

    GemmOnly(int batchSize) {
        n = batchSize;
        int[] widths = Dl4jMlp.WIDTHS;
        Nd4j.getRandom().setSeed(7);
        x = Nd4j.rand(DataType.FLOAT, n, widths[0]);
        for (int layer = 0; layer < 3; layer++) {
            w[layer] = Nd4j.rand(DataType.FLOAT, widths[layer], widths[layer + 1]);
            out[layer] = Nd4j.create(DataType.FLOAT, n, widths[layer + 1]);
            dOut[layer] = Nd4j.rand(DataType.FLOAT, n, widths[layer + 1]);
            dW[layer] = Nd4j.create(DataType.FLOAT, widths[layer], widths[layer + 1]);
            dIn[layer] = Nd4j.create(DataType.FLOAT, n, widths[layer]);
        }
    }

    int batchSize() {
        return n;
    }

    /** The three forward products, as in inference. */
    void forward() {
        Nd4j.gemm(x, w[0], out[0], false, false, 1.0, 0.0);
        Nd4j.gemm(out[0], w[1], out[1], false, false, 1.0, 0.0);
        Nd4j.gemm(out[1], w[2], out[2], false, false, 1.0, 0.0);
    }

    /** The eight products of one training step. */
    void trainingStep() {
        forward();
        for (int layer = 2; layer >= 0; layer--) {
            INDArray input = layer == 0 ? x : out[layer - 1];
            Nd4j.gemm(input, dOut[layer], dW[layer], true, false, 1.0, 0.0);
            if (layer > 0) {
                Nd4j.gemm(dOut[layer], w[layer], dIn[layer], false, true, 1.0, 0.0);
            }
        }
    }
}
