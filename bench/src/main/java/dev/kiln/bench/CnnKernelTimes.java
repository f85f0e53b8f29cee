package dev.kiln.bench;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.kernels.Activations;
import dev.kiln.runtime.kernels.BatchNormKernel;
import dev.kiln.runtime.kernels.Conv2dGeometry;
import dev.kiln.runtime.kernels.Conv2dKernel;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.kernels.MaxPool2dKernel;
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
 * {@code computeGradients} (float32, batch 128), in the generated order, timed on its own; medians
 * over 25 steps after 5 unrecorded ones. It calls only the kernels' public methods, so the same class
 * times older runtimes too. Run with the benchmark's class path:
 * {@code java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.kiln.bench.CnnKernelTimes}.
 */
public final class CnnKernelTimes {
    private static final int N = 128;
    private static final Map<String, List<Double>> TIMES = new LinkedHashMap<>();

    private CnnKernelTimes() {
    }

    public static void main(String[] args) {
        ActivationFunction relu = ActivationFunction.of(Activation.RELU);
        Conv2dGeometry conv = Conv2dGeometry.of(3, 3, 1, 1, 1, 1, 1, 1, 1);
        Pool2dGeometry pool = Pool2dGeometry.of(2, 2, 0);
        INDArray x = random(N, 784);
        INDArray image = random(N, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, N, 10);
        for (int i = 0; i < N; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        Stage s1 = new Stage(1, 32, 28);
        Stage s2 = new Stage(32, 64, 14);
        INDArray flat = random(N, 3136);
        INDArray fcW = random(3136, 128);
        INDArray fcB = random(128);
        INDArray fcZ = random(N, 128);
        INDArray fcOut = random(N, 128);
        INDArray logitsW = random(128, 10);
        INDArray logitsB = random(10);
        INDArray logits = random(N, 10);
        INDArray dLogits = random(N, 10);
        INDArray dFc = random(N, 128);
        INDArray dFlat = random(N, 3136);
        INDArray dFcW = random(3136, 128);
        INDArray dFcB = random(128);
        INDArray dLogitsW = random(128, 10);
        INDArray dLogitsB = random(10);
        for (int step = -5; step < 25; step++) {
            boolean record = step >= 0;
            time(record, "reshape", () -> ReshapeKernel.forward(x, image));
            s1.forward(record, "1", image, conv, pool, relu);
            s2.forward(record, "2", s1.pooled, conv, pool, relu);
            time(record, "flatten", () -> ReshapeKernel.forward(s2.pooled, flat));
            time(record, "fc forward", () -> DenseKernel.forward(flat, fcW, fcB, relu, fcZ, fcOut));
            time(record, "logits forward", () -> DenseKernel.forward(fcOut, logitsW, logitsB, logits));
            time(record, "loss and gradient", () -> Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, logits, y, dLogits));
            time(record, "logits backward", () -> DenseKernel.backward(fcOut, logitsW, dLogits, dFc, dLogitsW, dLogitsB));
            time(record, "fc relu backward", () -> Activations.backward(relu, fcZ, fcOut, dFc, dFc));
            time(record, "fc backward", () -> DenseKernel.backward(flat, fcW, dFc, dFlat, dFcW, dFcB));
            time(record, "flatten backward", () -> ReshapeKernel.backward(dFlat, s2.dPooled));
            s2.backward(record, "2", s1.pooled, s1.dPooled, conv, pool, relu);
            s1.backward(record, "1", image, null, conv, pool, relu);
        }
        double total = 0;
        for (Map.Entry<String, List<Double>> e : TIMES.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            total += v[v.length / 2];
            System.out.printf(Locale.ROOT, "%-22s %7.2f ms  [%.2f-%.2f]%n", e.getKey(), v[v.length / 2], v[v.length / 4],
                    v[3 * v.length / 4]);
        }
        System.out.printf(Locale.ROOT, "%-22s %7.2f ms%n", "sum of medians", total);
    }

    /** conv (no bias) + batch norm + ReLU + 2x2 max pool, with its buffers. */
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

        Stage(int in, int out, int size) {
            w = random(out, in, 3, 3);
            convOut = random(N, out, size, size);
            gamma = Nd4j.ones(DataType.FLOAT, out);
            beta = Nd4j.zeros(DataType.FLOAT, out);
            mean = random(out);
            var = random(out);
            runningMean = Nd4j.zeros(DataType.FLOAT, out);
            runningVar = Nd4j.ones(DataType.FLOAT, out);
            xHat = convOut.ulike();
            bnOut = convOut.ulike();
            reluOut = convOut.ulike();
            pooled = random(N, out, size / 2, size / 2);
            dPooled = pooled.ulike();
            dRelu = convOut.ulike();
            dBn = convOut.ulike();
            dConv = convOut.ulike();
            dW = w.ulike();
            dGamma = gamma.ulike();
            dBeta = beta.ulike();
        }

        void forward(boolean record, String i, INDArray input, Conv2dGeometry conv, Pool2dGeometry pool, ActivationFunction relu) {
            time(record, "conv" + i + " forward", () -> Conv2dKernel.forward(input, w, null, conv, convOut));
            time(record, "bn" + i + " forward", () -> BatchNormKernel.forwardTraining(convOut, gamma, beta, 1e-5, mean, var,
                    xHat, bnOut));
            time(record, "bn" + i + " running stats", () -> BatchNormKernel.updateRunning(runningMean, runningVar, mean, var,
                    0.9, BatchNormKernel.valuesPerChannel(convOut)));
            time(record, "relu" + i + " forward", () -> Activations.forward(relu, bnOut, reluOut));
            time(record, "pool" + i + " forward", () -> MaxPool2dKernel.forward(reluOut, pool, pooled));
        }

        void backward(boolean record, String i, INDArray input, INDArray dInput, Conv2dGeometry conv, Pool2dGeometry pool,
                      ActivationFunction relu) {
            time(record, "pool" + i + " backward", () -> MaxPool2dKernel.backward(reluOut, dPooled, pool, dRelu));
            time(record, "relu" + i + " backward", () -> Activations.backward(relu, bnOut, reluOut, dRelu, dBn));
            time(record, "bn" + i + " backward", () -> BatchNormKernel.backward(dBn, xHat, gamma, var, 1e-5, dConv, dGamma,
                    dBeta));
            time(record, "conv" + i + " backward", () -> Conv2dKernel.backward(input, w, dConv, conv, dInput, dW, null));
        }
    }

    private static void time(boolean record, String name, Runnable kernel) {
        long start = System.nanoTime();
        kernel.run();
        double ms = (System.nanoTime() - start) / 1e6;
        if (record) {
            TIMES.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
        }
    }

    private static INDArray random(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape);
    }
}
