package dev.kiln.bench;

import dev.kiln.runtime.kernels.NativeSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The matrix products of one MLP step and nothing else: the floor any implementation of the step
 * on this backend pays. Same op (libnd4j matmul, i.e. the BLAS gemm), shapes, transpose flags and
 * c-ordered buffers as Kiln's DenseKernel, each product with its native context built once and bound
 * to its arrays, so not even per-call op set-up is counted. Training has eight products (three
 * forward, three weight gradients, two input gradients; the first layer's input needs none);
 * inference the three forward ones, as matrix-vector products for a single example, as Kiln does.
 */
final class GemmOnly {
    private final List<Product> forward = new ArrayList<>();
    private final List<Product> backward = new ArrayList<>();

    GemmOnly(int batchSize) {
        int[] widths = Dl4jMlp.WIDTHS;
        Nd4j.getRandom().setSeed(7);
        INDArray[] activations = new INDArray[4];
        activations[0] = Nd4j.rand(DataType.FLOAT, batchSize, widths[0]);
        INDArray[] w = new INDArray[3];
        for (int layer = 0; layer < 3; layer++) {
            w[layer] = Nd4j.rand(DataType.FLOAT, widths[layer], widths[layer + 1]);
            activations[layer + 1] = Nd4j.create(DataType.FLOAT, batchSize, widths[layer + 1]);
            if (batchSize == 1) {
                // As Kiln's DenseKernel does for one example: Wᵀx as a matrix-vector product.
                forward.add(new Product(w[layer].transpose(), activations[layer].reshape(widths[layer]),
                        activations[layer + 1].reshape(widths[layer + 1]), false, false));
            } else {
                forward.add(new Product(activations[layer], w[layer], activations[layer + 1], false, false));
            }
        }
        for (int layer = 2; layer >= 0; layer--) {
            INDArray dOut = Nd4j.rand(DataType.FLOAT, batchSize, widths[layer + 1]);
            backward.add(new Product(activations[layer], dOut, Nd4j.create(DataType.FLOAT, widths[layer], widths[layer + 1]), true, false));
            if (layer > 0) {
                backward.add(new Product(dOut, w[layer], Nd4j.create(DataType.FLOAT, batchSize, widths[layer]), false, true));
            }
        }
    }

    /** The three forward products, as in inference. */
    void forward() {
        for (Product p : forward) {
            p.run();
        }
    }

    /** The eight products of one training step. */
    void trainingStep() {
        forward();
        for (Product p : backward) {
            p.run();
        }
    }

    /** c = op(a) op(b) through libnd4j's matmul with a context prepared once. */
    private static final class Product {
        private final CustomOp op = DynamicCustomOp.builder("matmul").build();
        private final OpContext context = Nd4j.getExecutioner().buildContext();

        Product(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
            // The same product path as Kiln's: oneDNN's matmul under its one-pool thread policy, else OpenBLAS.
            context.allowHelpers(NativeSettings.productsOnOneDnn());
            context.setInputArray(0, a);
            context.setInputArray(1, b);
            context.setOutputArray(0, c);
            context.setIArguments(transposeA ? 1 : 0, transposeB ? 1 : 0, 0);
            context.setTArguments(1.0, 0.0);
        }

        void run() {
            Nd4j.getExecutioner().exec(op, context);
        }
    }
}
