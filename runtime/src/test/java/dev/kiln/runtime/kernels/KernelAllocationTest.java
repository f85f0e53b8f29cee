package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.testing.ArrayCount;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kernels off the benchmarked paths, each called on fixed preallocated buffers: after two
 * warm-up calls (which may create the thread's prepared ops, scratch buffers and cached views),
 * further calls create no INDArray (views and scalars included) and register no native object with
 * ND4J (no data buffer, no per-call op context); see {@link ArrayCount}. Every kernel runs in
 * float32 and float64, the two types models train in.
 */
class KernelAllocationTest {
    private static final int CALLS = 3;

    /** One kernel call on buffers built once. */
    record Case(String name, Runnable call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            activations(type, cases);
            losses(type, cases);
            dropout(type, cases);
            normalizations(type, cases);
            pooling(type, cases);
            residual(type, cases);
            convolution(type, cases);
            preluAndMaxout(type, cases);
        }
        return cases;
    }

    private static INDArray uniform(long seed, DataType type, long... shape) {
        return TestArrays.uniform(seed, -2, 2, shape).castTo(type);
    }

    private static INDArray positive(long seed, DataType type, long... shape) {
        return TestArrays.uniform(seed, 0.5, 2, shape).castTo(type);
    }

    private static void activations(DataType type, List<Case> cases) {
        for (Activation kind : Activation.values()) {
            ActivationFunction f = ActivationFunction.of(kind);
            INDArray z = uniform(1, type, 16, 24);
            INDArray out = z.ulike();
            INDArray dOut = uniform(2, type, 16, 24);
            INDArray dz = z.ulike();
            INDArray inPlace = dOut.dup();
            Activations.forward(f, z, out);
            cases.add(new Case(kind + " forward " + type, () -> Activations.forward(f, z, out)));
            cases.add(new Case(kind + " backward " + type, () -> Activations.backward(f, z, out, dOut, dz)));
            cases.add(new Case(kind + " backward in place " + type,
                    () -> Activations.backward(f, z, out, inPlace, inPlace)));
        }
    }

    private static void losses(DataType type, List<Case> cases) {
        for (Loss loss : Loss.values()) {
            INDArray prediction = uniform(3, type, 16, 10);
            INDArray target = loss == Loss.MEAN_SQUARED_ERROR ? uniform(4, type, 16, 10)
                    : TestArrays.oneHot(4, 16, 10).castTo(type);
            INDArray gradient = prediction.ulike();
            cases.add(new Case(loss + " value and gradient " + type,
                    () -> Losses.lossAndGradient(loss, prediction, target, gradient)));
            cases.add(new Case(loss + " value " + type, () -> Losses.loss(loss, prediction, target)));
        }
        // A training epoch alternates full batches with its short last batch.
        INDArray shortLogits = uniform(23, type, 5, 10);
        INDArray shortTarget = TestArrays.oneHot(24, 5, 10).castTo(type);
        INDArray shortGradient = shortLogits.ulike();
        INDArray fullLogits = uniform(25, type, 16, 10);
        INDArray fullTarget = TestArrays.oneHot(26, 16, 10).castTo(type);
        INDArray fullGradient = fullLogits.ulike();
        for (Loss loss : Loss.values()) {
            cases.add(new Case(loss + " full and short batch " + type, () -> {
                Losses.lossAndGradient(loss, fullLogits, fullTarget, fullGradient);
                Losses.lossAndGradient(loss, shortLogits, shortTarget, shortGradient);
            }));
        }
        INDArray logits = uniform(5, type, 16, 10);
        INDArray probabilities = logits.ulike();
        cases.add(new Case("softmax " + type, () -> Losses.softmax(logits, probabilities)));
    }

    private static void dropout(DataType type, List<Case> cases) {
        INDArray x = uniform(6, type, 16, 24);
        INDArray mask = x.ulike();
        INDArray y = x.ulike();
        INDArray dy = uniform(7, type, 16, 24);
        INDArray dx = x.ulike();
        Random random = Nd4j.getRandomFactory().getNewRandomInstance(8);
        DropoutKernel.drawMask(0.3, mask, random);
        cases.add(new Case("dropout mask draw " + type, () -> DropoutKernel.drawMask(0.3, mask, random)));
        cases.add(new Case("dropout forward " + type, () -> DropoutKernel.apply(x, mask, y)));
        cases.add(new Case("dropout backward " + type, () -> DropoutKernel.backward(dy, mask, dx)));
    }

    private static void normalizations(DataType type, List<Case> cases) {
        double eps = 1e-5;
        long n = 4;
        long c = 6;
        INDArray x = uniform(9, type, n, c, 5, 5);
        INDArray dy = uniform(10, type, n, c, 5, 5);
        INDArray xHat = x.ulike();
        INDArray y = x.ulike();
        INDArray dx = x.ulike();
        INDArray gamma = positive(11, type, c);
        INDArray beta = uniform(12, type, c);
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();

        INDArray layerGamma = positive(13, type, c, 5, 5);
        INDArray layerBeta = uniform(14, type, c, 5, 5);
        INDArray layerDGamma = layerGamma.ulike();
        INDArray layerDBeta = layerBeta.ulike();
        INDArray sampleMean = Nd4j.create(type, n);
        INDArray sampleVar = Nd4j.create(type, n);
        LayerNormKernel.forward(x, new NormLayer(NormAffine.of(layerGamma, layerBeta), eps), new NormBuffers(new Moments(sampleMean, sampleVar), xHat, y));
        cases.add(new Case("layer norm forward " + type,
                () -> LayerNormKernel.forward(x, new NormLayer(NormAffine.of(layerGamma, layerBeta), eps), new NormBuffers(new Moments(sampleMean, sampleVar), xHat, y))));
        cases.add(new Case("layer norm backward " + type,
                () -> LayerNormKernel.backward(dy, new NormLayer(new NormAffine(layerGamma, null, layerDGamma, layerDBeta), eps), KernelRecords.normalized(xHat, sampleVar), dx)));

        int groups = 3;
        INDArray groupMean = Nd4j.create(type, n, groups);
        INDArray groupVar = Nd4j.create(type, n, groups);
        cases.add(new Case("group norm forward " + type,
                () -> GroupNormKernel.forward(x, new GroupNormLayer(NormAffine.of(gamma, beta), groups, eps), new NormBuffers(new Moments(groupMean, groupVar), xHat, y))));
        cases.add(new Case("group norm backward " + type,
                () -> GroupNormKernel.backward(dy, new GroupNormLayer(new NormAffine(gamma, null, dGamma, dBeta), groups, eps), KernelRecords.normalized(xHat, groupVar), dx)));

        INDArray instanceMean = Nd4j.create(type, n, c);
        INDArray instanceVar = Nd4j.create(type, n, c);
        cases.add(new Case("instance norm forward " + type,
                () -> InstanceNormKernel.forward(x, new NormLayer(NormAffine.of(gamma, beta), eps), new NormBuffers(new Moments(instanceMean, instanceVar), xHat, y))));
        cases.add(new Case("instance norm backward " + type,
                () -> InstanceNormKernel.backward(dy, new NormLayer(new NormAffine(gamma, null, dGamma, dBeta), eps), KernelRecords.normalized(xHat, instanceVar), dx)));

        INDArray rms = Nd4j.create(type, n);
        cases.add(new Case("RMS norm forward " + type, () -> RmsNormKernel.forward(x, new NormLayer(NormAffine.of(layerGamma, null), eps), new RmsNormBuffers(rms, y))));
        cases.add(new Case("RMS norm backward " + type,
                () -> RmsNormKernel.backward(dy, x, new NormLayer(new NormAffine(layerGamma, null, layerDGamma, null), eps), KernelRecords.rms(rms), dx)));

        INDArray channelMean = Nd4j.create(type, c);
        INDArray channelVar = Nd4j.create(type, c);
        cases.add(new Case("batch norm forward " + type,
                () -> BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(gamma, beta, channelMean, channelVar, eps), new BatchNormBuffers(xHat, y))));
        cases.add(new Case("batch norm backward " + type,
                () -> BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, channelVar, eps, dGamma, dBeta), KernelRecords.normalized(xHat), dx)));

        weightNorm(type, "dense", new long[] {12, 5}, cases);
        weightNorm(type, "conv", new long[] {5, 3, 3, 3}, cases);
    }

    private static void weightNorm(DataType type, String layout, long[] shape, List<Case> cases) {
        INDArray v = uniform(15, type, shape);
        INDArray dw = uniform(16, type, shape);
        INDArray w = v.ulike();
        INDArray dv = v.ulike();
        long units = layout.equals("dense") ? shape[1] : shape[0];
        INDArray g = positive(17, type, units);
        INDArray norms = g.ulike();
        INDArray dg = g.ulike();
        WeightNormKernel.forward(v, g, norms, w);
        cases.add(new Case("weight norm " + layout + " forward " + type, () -> WeightNormKernel.forward(v, g, norms, w)));
        cases.add(new Case("weight norm " + layout + " backward " + type,
                () -> WeightNormKernel.backward(dw, v, g, norms, dv, dg)));
    }

    private static void pooling(DataType type, List<Case> cases) {
        Pool2dGeometry geometry = Pool2dGeometry.of(3, 2, 1);
        INDArray x = uniform(18, type, 2, 3, 7, 6);
        int[] size = geometry.outputSize(7, 6);
        INDArray y = Nd4j.create(type, 2, 3, size[0], size[1]);
        INDArray dy = uniform(19, type, 2, 3, size[0], size[1]);
        INDArray dx = x.ulike();
        cases.add(new Case("max pool forward " + type, () -> MaxPool2dKernel.forward(x, geometry, y)));
        cases.add(new Case("max pool backward " + type, () -> MaxPool2dKernel.backward(x, dy, geometry, dx)));
        cases.add(new Case("avg pool forward " + type, () -> AvgPool2dKernel.forward(x, geometry, y)));
        cases.add(new Case("avg pool backward " + type, () -> AvgPool2dKernel.backward(x, dy, geometry, dx)));
        INDArray pooled = Nd4j.create(type, 2, 3);
        INDArray dPooled = uniform(20, type, 2, 3);
        cases.add(new Case("global avg pool forward " + type, () -> GlobalAvgPoolKernel.forward(x, pooled)));
        cases.add(new Case("global avg pool backward " + type, () -> GlobalAvgPoolKernel.backward(dPooled, dx)));
    }

    private static void residual(DataType type, List<Case> cases) {
        INDArray a = uniform(21, type, 2, 3, 4, 4);
        INDArray b = uniform(22, type, 2, 3, 4, 4);
        INDArray out = a.ulike();
        cases.add(new Case("residual add " + type, () -> ResidualKernel.add(a, b, out)));
        cases.add(new Case("residual add scaled " + type, () -> ResidualKernel.addScaled(a, b, 0.8, out)));
        cases.add(new Case("residual scale " + type, () -> ResidualKernel.scale(b, 0.8, out)));
        INDArray joined = Nd4j.create(type, 2, 6, 4, 4);
        INDArray da = a.ulike();
        INDArray db = b.ulike();
        cases.add(new Case("dense block concat " + type, () -> ResidualKernel.concatChannels(a, b, joined)));
        cases.add(new Case("dense block split " + type, () -> ResidualKernel.splitChannels(joined, da, db)));
    }

    private static void convolution(DataType type, List<Case> cases) {
        // A first convolution in a channels-last chain: no dx, 1 input channel (the im2col weight
        // gradient) or 3 (conv2d_bp, its dx into scratch).
        Conv2dGeometry geometry = Conv2dGeometry.of(3, 1, 1, 1, 1);
        for (int channels : new int[] {1, 3}) {
            INDArray x = uniform(23, type, 2, 7, 6, channels);
            INDArray w = uniform(24, type, 5, channels, 3, 3);
            INDArray dy = uniform(25, type, 2, 7, 6, 5);
            INDArray dW = w.ulike();
            INDArray db = Nd4j.create(type, 5);
            cases.add(new Case("channels-last conv backward without dx, " + channels + " channels " + type,
                    () -> Conv2dKernel.backward(FeatureLayout.NHWC, x, dy, KernelRecords.convBackward(w, geometry, dW, db), null)));
        }
        // A channels-last convolution inside a chain: the forward (oneDNN's forward primitive in float32
        // where Kiln's oneDNN is loaded, libnd4j's NHWC conv2d otherwise), with a bias and an activation,
        // and the backward with dx (conv2d_bp in NHWC).
        INDArray xLast = uniform(30, type, 2, 7, 6, 4);
        INDArray wLast = uniform(31, type, 6, 4, 3, 3);
        INDArray bLast = uniform(32, type, 6);
        INDArray zLast = FeatureLayout.NHWC.create(type, 2, 6, 7, 6);
        INDArray aLast = zLast.ulike();
        INDArray dyLast = uniform(33, type, 2, 7, 6, 6);
        INDArray dxLast = xLast.ulike();
        INDArray dWLast = wLast.ulike();
        INDArray dbLast = bLast.ulike();
        Conv2dLayer linearLast = Conv2dLayer.of(wLast, bLast, geometry);
        Conv2dLayer reluLast = new Conv2dLayer(wLast, bLast, dWLast, dbLast, geometry, ActivationFunction.of(Activation.RELU));
        cases.add(new Case("channels-last conv forward " + type, () -> Conv2dKernel.forward(FeatureLayout.NHWC, xLast, linearLast, zLast)));
        cases.add(new Case("channels-last conv forward, relu " + type,
                () -> Conv2dKernel.forward(FeatureLayout.NHWC, xLast, reluLast, zLast, aLast)));
        cases.add(new Case("channels-last conv backward " + type,
                () -> Conv2dKernel.backward(FeatureLayout.NHWC, xLast, dyLast, reluLast, dxLast)));
        // Every NCHW strategy, forward and backward: dense (conv2d_bp with a oneDNN binary in float32,
        // im2col otherwise, and im2col without dx), dilated (libnd4j's own kernels), grouped (one
        // dense convolution per group on channel views) and depthwise (depthwise_conv2d).
        record Strategy(String name, int inC, int outC, Conv2dGeometry geometry) {
        }
        for (Strategy strategy : List.of(
                new Strategy("dense", 4, 6, Conv2dGeometry.of(3, 1, 1, 1, 1)),
                new Strategy("dilated", 4, 6, Conv2dGeometry.of(3, 1, 2, 2, 1)),
                new Strategy("grouped", 4, 6, Conv2dGeometry.of(3, 1, 1, 1, 2)),
                // ResNeXt's cardinality: more per-group views than a per-view cache would hold.
                new Strategy("grouped 32 groups", 64, 64, Conv2dGeometry.of(3, 1, 1, 1, 32)),
                new Strategy("depthwise", 4, 4, Conv2dGeometry.of(3, 1, 1, 1, 4)))) {
            Conv2dGeometry g = strategy.geometry();
            int[] out = g.outputSize(7, 6);
            INDArray x = uniform(26, type, 2, strategy.inC(), 7, 6);
            INDArray w = uniform(27, type, strategy.outC(), strategy.inC() / g.groups(), 3, 3);
            INDArray b = uniform(28, type, strategy.outC());
            INDArray y = Nd4j.create(type, 2, strategy.outC(), out[0], out[1]);
            INDArray dy = uniform(29, type, 2, strategy.outC(), out[0], out[1]);
            INDArray dx = x.ulike();
            INDArray dW = w.ulike();
            INDArray db = b.ulike();
            String name = strategy.name() + " conv ";
            cases.add(new Case(name + "forward " + type, () -> Conv2dKernel.forward(x, Conv2dLayer.of(w, b, g), y)));
            cases.add(new Case(name + "forward without bias " + type, () -> Conv2dKernel.forward(x, Conv2dLayer.of(w, null, g), y)));
            cases.add(new Case(name + "backward " + type, () -> Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, g, dW, db), dx)));
            cases.add(new Case(name + "backward without dx " + type,
                    () -> Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, g, dW, db), null)));
        }
    }

    /**
     * The Java-loop kernels on dense, NCHW and NHWC arrays (PReLU with α per channel and shared), and
     * on a permuted view, which they copy into scratch.
     */
    private static void preluAndMaxout(DataType type, List<Case> cases) {
        record Input(String name, FeatureLayout layout, long[] shape, int channelAxis) {
        }
        for (Input input : List.of(
                new Input("NCHW", FeatureLayout.NCHW, new long[] {2, 4, 3, 3}, 1),
                new Input("NHWC", FeatureLayout.NHWC, new long[] {2, 3, 3, 4}, 3),
                new Input("rank 2", FeatureLayout.NCHW, new long[] {6, 4}, 1))) {
            FeatureLayout layout = input.layout();
            INDArray x = uniform(30, type, input.shape());
            INDArray dy = uniform(31, type, input.shape());
            INDArray y = x.ulike();
            INDArray dx = x.ulike();
            INDArray inPlace = dy.dup();
            for (boolean shared : new boolean[] {false, true}) {
                INDArray alpha = positive(32, type, shared ? 1 : 4);
                INDArray dAlpha = alpha.ulike();
                String name = "PReLU " + input.name() + (shared ? " shared α " : " per-channel α ");
                cases.add(new Case(name + "forward " + type, () -> PReluKernel.forward(layout, x, alpha, y)));
                cases.add(new Case(name + "backward " + type,
                        () -> PReluKernel.backward(layout, x, alpha, dy, dx, dAlpha)));
                cases.add(new Case(name + "backward without dx " + type,
                        () -> PReluKernel.backward(layout, x, alpha, dy, null, dAlpha)));
                cases.add(new Case(name + "backward in place " + type,
                        () -> PReluKernel.backward(layout, x, alpha, inPlace, inPlace, dAlpha)));
            }
            long[] outShape = input.shape().clone();
            outShape[input.channelAxis()] /= 2;
            INDArray pooled = Nd4j.create(type, outShape);
            INDArray dPooled = uniform(33, type, outShape);
            cases.add(new Case("maxout " + input.name() + " forward " + type,
                    () -> MaxoutKernel.forward(layout, x, 2, pooled)));
            cases.add(new Case("maxout " + input.name() + " backward " + type,
                    () -> MaxoutKernel.backward(layout, x, 2, dPooled, dx)));
        }
        INDArray view = uniform(34, type, 2, 4, 3, 3).permute(0, 2, 3, 1);
        INDArray alpha = positive(35, type, 4);
        INDArray viewOut = Nd4j.create(type, 2, 3, 3, 4);
        INDArray pooled = Nd4j.create(type, 2, 3, 3, 2);
        cases.add(new Case("PReLU forward on a permuted view " + type,
                () -> PReluKernel.forward(FeatureLayout.NHWC, view, alpha, viewOut)));
        cases.add(new Case("maxout forward on a permuted view " + type,
                () -> MaxoutKernel.forward(FeatureLayout.NHWC, view, 2, pooled)));
    }

    private static Runnable repeated(Runnable call) {
        return () -> {
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void createsNothingAfterWarmUp(Case kernel) {
        kernel.call().run();
        kernel.call().run();
        long arrays = ArrayCount.during(repeated(kernel.call()));
        long nativeObjects = ArrayCount.nativeObjectsDuring(repeated(kernel.call()));
        assertEquals(0, arrays, kernel + ": INDArrays created in " + CALLS + " calls");
        assertEquals(0, nativeObjects, kernel + ": native objects registered in " + CALLS + " calls");
    }
}
