package dev.kiln.runtime.data.augment;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.ModelGraph;
import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.kernels.Losses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Test-time augmentation by horizontal flips: a model whose predictions average the wrapped model's on
 * each image and on its mirror image. What is averaged is the prediction: the class probabilities for
 * softmax cross-entropy (the output is the log of their mean, a logit row whose softmax is the mean),
 * the probabilities for binary cross-entropy (the output is the logit of their mean), the outputs
 * themselves for the other losses. Evaluation and prediction take it wherever they take a model:
 * {@code Evaluation.evaluate(TestTimeFlips.of(net), test, 1000)}. Two forward passes per batch;
 * arrays are created per call, as evaluation does.
 */
public final class TestTimeFlips implements InferenceModel {
    private static final double LN2 = Math.log(2);

    private final InferenceModel net;
    private final @Nullable ImageShape declared;

    private TestTimeFlips(InferenceModel net, @Nullable ImageShape declared) {
        this.net = net;
        this.declared = declared;
    }

    public static TestTimeFlips of(InferenceModel net) {
        return new TestTimeFlips(net, null);
    }

    /** Reads flat inputs {@code [N, C·H·W]} as {@code channels x height x width} images (NCHW order). */
    public TestTimeFlips imageShape(int channels, int height, int width) {
        return new TestTimeFlips(net, new ImageShape(channels, height, width));
    }

    @Override
    public ModelGraph graph() {
        return net.graph();
    }

    @Override
    public DataType dataType() {
        return net.dataType();
    }

    @Override
    public INDArray forward(INDArray features) {
        long[] shape = features.shape();
        ImageShape image = ImageShape.of(Arrays.copyOfRange(shape, 1, shape.length), declared,
                net.graph().name() + ": test-time flips");
        int n = Math.toIntExact(shape[0]);
        double[] values = new double[n * image.size()];
        double[] flipped = new double[values.length];
        ArrayValues.read(features, values);
        for (int e = 0; e < n; e++) {
            HorizontalFlip.flip(values, flipped, e * image.size(), image);
        }
        INDArray mirror = Nd4j.createUninitialized(features.dataType(), shape);
        ArrayValues.write(flipped, mirror);
        INDArray plain = net.forward(features).dup('c');
        INDArray mirrored = net.forward(mirror);
        double[] a = new double[Math.toIntExact(plain.length())];
        double[] b = new double[a.length];
        ArrayValues.read(plain, a);
        ArrayValues.read(mirrored, b);
        average(a, b, Math.toIntExact(plain.length() / n));
        ArrayValues.write(a, plain);
        return plain;
    }

    /** Writes the averaged prediction of outputs {@code a} and {@code b} (rows of {@code width}) into {@code a}. */
    private void average(double[] a, double[] b, int width) {
        switch (net.graph().loss()) {
            case SOFTMAX_CROSS_ENTROPY -> {
                for (int row = 0; row < a.length; row += width) {
                    double lseA = logSumExp(a, row, width);
                    double lseB = logSumExp(b, row, width);
                    for (int k = row; k < row + width; k++) {
                        a[k] = logAddExp(a[k] - lseA, b[k] - lseB) - LN2;
                    }
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                for (int k = 0; k < a.length; k++) {
                    // log p and log(1 - p) of the mean probability, from log σ(z) = −softplus(−z).
                    double logP = logAddExp(-softplus(-a[k]), -softplus(-b[k])) - LN2;
                    double logQ = logAddExp(-softplus(a[k]), -softplus(b[k])) - LN2;
                    a[k] = logP - logQ;
                }
            }
            case MEAN_SQUARED_ERROR, MULTICLASS_HINGE -> {
                for (int k = 0; k < a.length; k++) {
                    a[k] = (a[k] + b[k]) / 2;
                }
            }
        }
    }

    private static double logSumExp(double[] v, int from, int width) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = from; k < from + width; k++) {
            max = Math.max(max, v[k]);
        }
        double sum = 0;
        for (int k = from; k < from + width; k++) {
            sum += Math.exp(v[k] - max);
        }
        return max + Math.log(sum);
    }

    private static double logAddExp(double x, double y) {
        double max = Math.max(x, y);
        return max + Math.log1p(Math.exp(-Math.abs(x - y)));
    }

    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public double loss(INDArray features, INDArray targets) {
        return Losses.loss(net.graph().loss(), forward(features), targets);
    }

    @Override
    public String toString() {
        return net.graph().name() + " averaged over horizontal flips";
    }
}
