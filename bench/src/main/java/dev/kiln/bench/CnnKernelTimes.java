package dev.kiln.bench;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.kernels.Activations;
import dev.kiln.runtime.kernels.BatchNormBuffers;
import dev.kiln.runtime.kernels.BatchNormLayer;
import dev.kiln.runtime.kernels.BatchNormKernel;
import dev.kiln.runtime.kernels.Conv2dGeometry;
import dev.kiln.runtime.kernels.Conv2dKernel;
import dev.kiln.runtime.kernels.Conv2dLayer;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.kernels.FeatureLayout;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.kernels.MaxPool2dKernel;
import dev.kiln.runtime.kernels.Moments;
import dev.kiln.runtime.kernels.NormAffine;
import dev.kiln.runtime.kernels.Pool2dGeometry;
import dev.kiln.runtime.kernels.ReshapeKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CNN's training step spends its time: each kernel call of {@link BenchCnn}'s generated
 * {@code computeGradients} (float32, batch 128: conv1-bn-ReLU-pool, conv2-bn-ReLU-pool,
 * conv3-bn-ReLU, conv4-bn-ReLU-pool, flatten, fc, logits), in the generated order, timed on its
 * own; medians over 25 steps after 5 unrecorded ones. The convolution chain runs in each layout
 * given as an argument ({@code nchw}, {@code nhwc}; both by default), the layouts' steps interleaved
 * so that load from elsewhere falls on both. Run with the benchmark's class path:
 * {@code java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.kiln.bench.CnnKernelTimes}.
 */
public final class CnnKernelTimes {
    private static final int N = 128;
    private static final int STEPS = 25;
    private static final int WARM_UP = 5;

    private CnnKernelTimes() {
    }

    public static void main(String[] args) {
        List<Step> steps = new ArrayList<>();
        for (String name : args.length == 0 ? new String[]{"nchw", "nhwc"} : args) {
            steps.add(new Step(FeatureLayout.valueOf(name.toUpperCase(Locale.ROOT))));
        }
        for (int step = -WARM_UP; step < STEPS; step++) {
            for (int k = 0; k < steps.size(); k++) {
                steps.get(Math.floorMod(step + k, steps.size())).run(step >= 0);
            }
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "ms per call"));
        steps.forEach(s -> header.append(String.format(Locale.ROOT, " %20s", s.layout)));
        System.out.println(header);
        double[] totals = new double[steps.size()];
        for (String kernel : steps.get(0).times.keySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", kernel));
            for (int i = 0; i < steps.size(); i++) {
                double[] v = steps.get(i).times.get(kernel).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                totals[i] += v[v.length / 2];
                row.append(String.format(Locale.ROOT, " %6.2f [%5.2f-%5.2f]", v[v.length / 2], v[v.length / 4], v[3 * v.length / 4]));
            }
            System.out.println(row);
        }
        StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-22s", "sum of medians"));
        for (double t : totals) {
            total.append(String.format(Locale.ROOT, " %6.2f%14s", t, ""));
        }
        System.out.println(total);
    }

    /** One training step's arrays and kernel calls, with the convolution chain in one layout. */
    private static final class Step {
        private final FeatureLayout layout;
        private final Map<String, List<Double>> times = new LinkedHashMap<>();
        private final ActivationFunction relu = ActivationFunction.of(Activation.RELU);
        private final Conv2dGeometry conv = Conv2dGeometry.of(3, 3, 1, 1, 1, 1, 1, 1, 1);
        private final Pool2dGeometry pool = Pool2dGeometry.of(2, 2, 0);
        private final INDArray x = random(N, 784);
        private final INDArray image = random(N, 1, 28, 28);
        private final INDArray y = Nd4j.zeros(DataType.FLOAT, N, 10);
        private final INDArray flat = random(N, 1152);
        private final INDArray fcW = random(1152, 256);
        private final INDArray fcB = random(256);
        private final INDArray fcZ = random(N, 256);
        private final INDArray fcOut = random(N, 256);
        private final INDArray logitsW = random(256, 10);
        private final INDArray logitsB = random(10);
        private final INDArray logits = random(N, 10);
        private final INDArray dLogits = random(N, 10);
        private final INDArray dFc = random(N, 256);
        private final INDArray dFlat = random(N, 1152);
        private final INDArray dFcW = random(1152, 256);
        private final INDArray dFcB = random(256);
        private final INDArray dLogitsW = random(256, 10);
        private final INDArray dLogitsB = random(10);
        /** The image in the chain's layout: one channel, so a view of {@code image} in either. */
        private final INDArray imageInLayout;
        private final Stage s1;
        private final Stage s2;
        private final Stage s3;
        private final Stage s4;

        Step(FeatureLayout layout) {
            this.layout = layout;
            for (int i = 0; i < N; i++) {
                y.putScalar(i, i % 10, 1f);
            }
            imageInLayout = layout.entryBuffer(image);
            s1 = new Stage(layout, conv, 1, 32, 28, true);
            s2 = new Stage(layout, conv, 32, 64, 14, true);
            s3 = new Stage(layout, conv, 64, 128, 7, false);
            s4 = new Stage(layout, conv, 128, 128, 7, true);
        }

        void run(boolean record) {
            time(record, "reshape", () -> {
                ReshapeKernel.forward(x, image);
                layout.fromNchw(image, imageInLayout);
            });
            forward(record, "1", s1, imageInLayout);
            forward(record, "2", s2, s1.pooled);
            forward(record, "3", s3, s2.pooled);
            forward(record, "4", s4, s3.output());
            time(record, "flatten", () -> ReshapeKernel.forward(layout.nchw(s4.pooled), flat));
            time(record, "fc forward", () -> DenseKernel.forward(flat, fcW, fcB, relu, fcZ, fcOut));
            time(record, "logits forward", () -> DenseKernel.forward(fcOut, logitsW, logitsB, logits));
            time(record, "loss and gradient", () -> Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, logits, y, dLogits));
            time(record, "logits backward", () -> DenseKernel.backward(fcOut, logitsW, dLogits, dFc, dLogitsW, dLogitsB));
            time(record, "fc relu backward", () -> Activations.backward(relu, fcZ, fcOut, dFc, dFc));
            time(record, "fc backward", () -> DenseKernel.backward(flat, fcW, dFc, dFlat, dFcW, dFcB));
            time(record, "flatten backward", () -> ReshapeKernel.backward(dFlat, layout.nchw(s4.dPooled)));
            backward(record, "4", s4, s3.output(), s3.dOutput());
            backward(record, "3", s3, s2.pooled, s2.dPooled);
            backward(record, "2", s2, s1.pooled, s1.dPooled);
            backward(record, "1", s1, imageInLayout, null);
        }

        private void forward(boolean record, String i, Stage s, INDArray input) {
            time(record, "conv" + i + " forward", () -> Conv2dKernel.forward(layout, input, s.convolution, s.convOut));
            time(record, "bn" + i + " forward", () -> BatchNormKernel.forwardTraining(layout, s.convOut, s.batchNorm,
                    s.batchNormBuffers));
            time(record, "bn" + i + " running stats", () -> BatchNormKernel.updateRunning(layout, s.convOut, s.batchNorm));
            time(record, "relu" + i + " forward", () -> Activations.forward(relu, s.bnOut, s.reluOut));
            if (s.pooled != null) {
                time(record, "pool" + i + " forward", () -> MaxPool2dKernel.forward(layout, s.reluOut, pool, s.pooled));
            }
        }

        private void backward(boolean record, String i, Stage s, INDArray input, INDArray dInput) {
            if (s.pooled != null) {
                time(record, "pool" + i + " backward", () -> MaxPool2dKernel.backward(layout, s.reluOut, s.dPooled, pool, s.dRelu));
            }
            time(record, "relu" + i + " backward", () -> Activations.backward(relu, s.bnOut, s.reluOut, s.dRelu, s.dBn));
            time(record, "bn" + i + " backward", () -> BatchNormKernel.backward(layout, s.dBn, s.batchNorm, s.batchNormBuffers,
                    s.dConv));
            time(record, "conv" + i + " backward", () -> Conv2dKernel.backward(layout, input, s.dConv, s.convolution, dInput));
        }

        private void time(boolean record, String name, Runnable kernel) {
            long start = System.nanoTime();
            kernel.run();
            double ms = (System.nanoTime() - start) / 1e6;
            if (record) {
                times.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
            }
        }
    }

    /** conv (no bias) + batch norm + ReLU, then a 2x2 max pool or none, with its buffers in one layout. */
    private static final class Stage {
        final INDArray w;
        final INDArray convOut;
        final INDArray gamma;
        final INDArray beta;
        final INDArray mean;
        final INDArray var;
        final INDArray runningMean;
        final INDArray runningVar;
        final INDArray xHat;
        final INDArray bnOut;
        final INDArray reluOut;
        final INDArray pooled;
        final INDArray dPooled;
        final INDArray dRelu;
        final INDArray dBn;
        final INDArray dConv;
        final INDArray dW;
        final INDArray dGamma;
        final INDArray dBeta;
        /** The convolution and the batch norm as a model's constructor builds their records, once. */
        final Conv2dLayer convolution;
        final BatchNormLayer batchNorm;
        final BatchNormBuffers batchNormBuffers;

        Stage(FeatureLayout layout, Conv2dGeometry conv, int in, int out, int size, boolean pools) {
            w = random(out, in, 3, 3);
            convOut = layout.create(DataType.FLOAT, N, out, size, size).assign(random(N * out * size * size));
            gamma = Nd4j.ones(DataType.FLOAT, out);
            beta = Nd4j.zeros(DataType.FLOAT, out);
            mean = random(out);
            var = random(out);
            runningMean = Nd4j.zeros(DataType.FLOAT, out);
            runningVar = Nd4j.ones(DataType.FLOAT, out);
            xHat = convOut.ulike();
            bnOut = convOut.ulike();
            reluOut = convOut.ulike();
            pooled = pools ? layout.create(DataType.FLOAT, N, out, size / 2, size / 2)
                    .assign(random(N * out * (size / 2) * (size / 2))) : null;
            dPooled = pools ? pooled.ulike() : null;
            // Without a pool the next stage's input gradient lands in dRelu directly.
            dRelu = convOut.ulike();
            dBn = convOut.ulike();
            dConv = convOut.ulike();
            dW = w.ulike();
            dGamma = gamma.ulike();
            dBeta = beta.ulike();
            convolution = new Conv2dLayer(w, null, dW, null, conv, ActivationFunction.IDENTITY);
            batchNorm = new BatchNormLayer(new NormAffine(gamma, beta, dGamma, dBeta), new Moments(runningMean, runningVar),
                    new Moments(mean, var), 1e-5, 0.9);
            batchNormBuffers = new BatchNormBuffers(xHat, bnOut);
        }

        /** What the next layer reads: the pooled output, or the ReLU's where the stage does not pool. */
        INDArray output() {
            return pooled != null ? pooled : reluOut;
        }

        /** Where the next layer's backward writes dL/d(output). */
        INDArray dOutput() {
            return dPooled != null ? dPooled : dRelu;
        }
    }

    private static INDArray random(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape);
    }
}
