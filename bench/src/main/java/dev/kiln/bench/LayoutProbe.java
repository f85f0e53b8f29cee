package dev.kiln.bench;

import dev.kiln.dsl.Activation;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.kernels.Activations;
import dev.kiln.runtime.kernels.Conv2dGeometry;
import dev.kiln.runtime.kernels.Conv2dKernel;
import dev.kiln.runtime.kernels.Conv2dLayer;
import dev.kiln.runtime.kernels.FeatureLayout;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Sgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How libnd4j's oneDNN-backed ops fare with the activations in NCHW against NHWC, on the bench CNN's
 * shapes (batch 128, float32, 3x3 padding 1, 2x2 max pool): conv2d with bias for each weights format,
 * conv2d_bp, maxpool2d and maxpool2d_bp, the inference chain conv-relu-pool twice in each layout,
 * the layout conversion at a chain's end, and the bench's generated {@link BenchCnn} (inference with
 * softmax, and the SGD training step) built in each {@link FeatureLayout}. Each op is called through a context built once (as Kiln's
 * prepared ops do), with Kiln's one-pool thread layout; the cases run in interleaved rounds and the
 * table shows medians per call.
 *
 * <p>{@code java -cp ... dev.kiln.bench.LayoutProbe [ROUNDS [FILTER]]} times every case (those whose
 * names contain FILTER), 15 interleaved rounds of 3 calls by default; {@code LayoutProbe list} names
 * them; {@code LayoutProbe trace CASE} runs one case 30 times and then 10 times after markers, for counting oneDNN's primitives per
 * call with {@code DNNL_VERBOSE=1} set before the JVM starts ({@code scripts/layout-trace.sh}).
 */
public final class LayoutProbe {
    private static final int N = 128;
    private static final int NCHW = 0;
    private static final int NHWC = 1;
    /** Not a libnd4j format: NCHW as the op sees it, over channels-last (NHWC) memory, a permuted view. */
    private static final int NCHW_VIEW = 2;
    /** conv2d's weights formats: 0 = [kH, kW, inC, outC], 1 = [outC, inC, kH, kW], 2 = [outC, kH, kW, inC]. */
    private static final int HWIO = 0;
    private static final int OIHW = 1;
    private static final int OHWI = 2;
    private static final int TRACE_WARM_UP = 30;
    private static final int TRACE_CALLS = 10;

    private LayoutProbe() {
    }

    public static void main(String[] args) {
        configureThreads();
        Map<String, Runnable> cases = cases();
        if (args.length > 0 && args[0].equals("list")) {
            cases.keySet().forEach(System.out::println);
        } else if (args.length > 1 && args[0].equals("trace")) {
            Runnable c = cases.get(args[1]);
            if (c == null) {
                throw new IllegalArgumentException("no case " + args[1] + "; cases: " + cases.keySet());
            }
            for (int i = 0; i < TRACE_WARM_UP; i++) {
                c.run();
            }
            for (int i = 0; i < TRACE_CALLS; i++) {
                // oneDNN flushes each verbose line, so the marker lands between two calls' lines
                System.out.println("probe,call," + i);
                c.run();
            }
        } else {
            int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
            if (args.length > 1) {
                cases.keySet().removeIf(name -> !name.contains(args[1]));
            }
            time(cases, rounds);
        }
    }

    /** Kiln's one-pool layout (NativeThreads): libnd4j's OpenMP on every core, OpenBLAS one thread. */
    private static void configureThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        Nd4j.getEnvironment().setMaxMasterThreads(cores);
        Nd4j.factory().blas().setMaxThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(cores);
    }

    private static Map<String, Runnable> cases() {
        Map<String, Runnable> cases = new LinkedHashMap<>();
        int[][] convs = {{1, 32, 28}, {32, 64, 14}};
        List<Formats> forward = List.of(new Formats("NCHW OIHW", NCHW, OIHW), new Formats("NHWC OIHW", NHWC, OIHW),
                new Formats("NHWC HWIO", NHWC, HWIO), new Formats("NHWC OHWI", NHWC, OHWI),
                new Formats("NCHW view OIHW", NCHW_VIEW, OIHW));
        List<Formats> backward = List.of(new Formats("NCHW OIHW", NCHW, OIHW), new Formats("NHWC OIHW", NHWC, OIHW),
                new Formats("NHWC OHWI", NHWC, OHWI), new Formats("NCHW view OIHW", NCHW_VIEW, OIHW));
        for (boolean gradient : new boolean[]{false, true}) {
            for (int[] c : convs) {
                for (Formats f : gradient ? backward : forward) {
                    String name = (gradient ? "conv2d_bp " : "conv2d ") + c[0] + "x" + c[2] + "->" + c[1] + " " + f.label();
                    cases.put(name, gradient ? convBackward(c[0], c[1], c[2], f.data(), f.weights())
                            : conv(c[0], c[1], c[2], f.data(), f.weights()));
                }
            }
        }
        int[][] pools = {{32, 28}, {64, 14}};
        for (int[] p : pools) {
            String shape = p[0] + "x" + p[1];
            cases.put("maxpool2d " + shape + " NCHW", pool(p[0], p[1], NCHW));
            cases.put("maxpool2d " + shape + " NHWC", pool(p[0], p[1], NHWC));
            cases.put("maxpool2d " + shape + " NCHW view", pool(p[0], p[1], NCHW_VIEW));
        }
        for (int[] p : pools) {
            String shape = p[0] + "x" + p[1];
            cases.put("maxpool2d_bp " + shape + " NCHW", poolBackward(p[0], p[1], NCHW));
            cases.put("maxpool2d_bp " + shape + " NHWC", poolBackward(p[0], p[1], NHWC));
            cases.put("maxpool2d_bp " + shape + " NCHW view", poolBackward(p[0], p[1], NCHW_VIEW));
        }
        for (int format : new int[]{NCHW, NCHW_VIEW}) {
            INDArray z = random(format, 32, 28);
            INDArray a = create(format, 32, 28);
            ActivationFunction relu = ActivationFunction.of(Activation.RELU);
            cases.put("relu 32x28 " + (format == NCHW ? "NCHW" : "NCHW view"), () -> Activations.forward(relu, z, a));
        }
        cases.put("conv1 dW only NCHW (im2col)", firstLayerWeightGradient(FeatureLayout.NCHW, false));
        cases.put("conv1 dW only NHWC (conv2d_bp)", firstLayerWeightGradient(FeatureLayout.NHWC, false));
        cases.put("conv1 dW only NHWC->NCHW+im2col", firstLayerWeightGradient(FeatureLayout.NHWC, true));
        cases.put("NHWC->NCHW copy 64x7x7", toNchw(64, 7));
        cases.put("NCHW->NHWC copy 32x14x14", toNhwc(32, 14));
        cases.put("inference chain NCHW", chain(NCHW));
        cases.put("inference chain NHWC", chain(NHWC));
        cases.put("inference chain NCHW view", chain(NCHW_VIEW));
        BenchData batch = BenchData.of(N, 7);
        for (FeatureLayout layout : FeatureLayout.values()) {
            BenchCnnNet net = benchCnn(layout);
            BenchCnnNet.Frozen snapshot = net.freezeForInference();
            INDArray probabilities = Nd4j.create(DataType.FLOAT, N, 10);
            Sgd sgd = new Sgd(BenchMain.LEARNING_RATE);
            cases.put("BenchCnn inference " + layout, () -> Losses.softmax(snapshot.forward(batch.features()), probabilities));
            cases.put("BenchCnn train step " + layout, () -> net.trainStep(batch.features(), batch.labels(), sgd));
        }
        return cases;
    }

    /** The bench's generated CNN with its convolution chain in {@code layout}, which a model reads when it is built. */
    private static BenchCnnNet benchCnn(FeatureLayout layout) {
        String before = System.getProperty(FeatureLayout.PROPERTY);
        System.setProperty(FeatureLayout.PROPERTY, layout.name().toLowerCase(Locale.ROOT));
        try {
            return new BenchCnnNet(BenchMain.SEED, DataType.FLOAT);
        } finally {
            if (before == null) {
                System.clearProperty(FeatureLayout.PROPERTY);
            } else {
                System.setProperty(FeatureLayout.PROPERTY, before);
            }
        }
    }

    /** A case's data format (or NCHW_VIEW) and weights format, and how the table names them. */
    private record Formats(String label, int data, int weights) {
    }

    private static long[] activation(int format, int channels, int size) {
        return format == NHWC ? new long[]{N, size, size, channels} : new long[]{N, channels, size, size};
    }

    /** A new array in {@code format}; NCHW_VIEW: NHWC memory seen as NCHW. */
    private static INDArray create(int format, int channels, int size) {
        if (format == NCHW_VIEW) {
            return Nd4j.create(DataType.FLOAT, activation(NHWC, channels, size)).permute(0, 3, 1, 2);
        }
        return Nd4j.create(DataType.FLOAT, activation(format, channels, size));
    }

    private static INDArray random(int format, int channels, int size) {
        INDArray a = create(format, channels, size);
        a.assign(Nd4j.rand(DataType.FLOAT, a.shape()).subi(0.5));
        return a;
    }

    /** libnd4j's data format argument: a view is NCHW to the op. */
    private static int libnd4j(int format) {
        return format == NCHW_VIEW ? NCHW : format;
    }

    private static long[] weights(int format, int in, int out) {
        return switch (format) {
            case HWIO -> new long[]{3, 3, in, out};
            case OIHW -> new long[]{out, in, 3, 3};
            case OHWI -> new long[]{out, 3, 3, in};
            default -> throw new IllegalArgumentException("weights format " + format);
        };
    }

    private static long[] convArgs(int dataFormat, int weightsFormat) {
        return new long[]{3, 3, 1, 1, 1, 1, 1, 1, 0, libnd4j(dataFormat), weightsFormat};
    }

    private static long[] poolArgs(int dataFormat) {
        return new long[]{2, 2, 2, 2, 0, 0, 1, 1, 0, 0, libnd4j(dataFormat)};
    }

    private static Runnable conv(int in, int out, int size, int format, int weightsFormat) {
        INDArray x = random(format, in, size);
        INDArray w = random(weights(weightsFormat, in, out));
        INDArray b = random(out);
        INDArray y = create(format, out, size);
        return op("conv2d", new INDArray[]{x, w, b}, new INDArray[]{y}, convArgs(format, weightsFormat));
    }

    private static Runnable convBackward(int in, int out, int size, int format, int weightsFormat) {
        INDArray x = random(format, in, size);
        INDArray w = random(weights(weightsFormat, in, out));
        INDArray dy = random(format, out, size);
        INDArray dx = create(format, in, size);
        INDArray dW = Nd4j.create(DataType.FLOAT, w.shape());
        return op("conv2d_bp", new INDArray[]{x, w, dy}, new INDArray[]{dx, dW}, convArgs(format, weightsFormat));
    }

    private static Runnable pool(int channels, int size, int format) {
        INDArray x = random(format, channels, size);
        INDArray y = create(format, channels, size / 2);
        return op("maxpool2d", new INDArray[]{x}, new INDArray[]{y}, poolArgs(format));
    }

    private static Runnable poolBackward(int channels, int size, int format) {
        INDArray x = random(format, channels, size);
        INDArray dy = random(format, channels, size / 2);
        INDArray dx = create(format, channels, size);
        return op("maxpool2d_bp", new INDArray[]{x, dy}, new INDArray[]{dx}, poolArgs(format));
    }

    /**
     * The weight gradient of the bench's first convolution (1 -> 32, 28x28), no input gradient, through
     * Kiln's kernel in {@code layout}; {@code viaNchw}: dy copied from NHWC to NCHW first and the
     * kernel's NCHW (im2col) path run on the copy.
     */
    private static Runnable firstLayerWeightGradient(FeatureLayout layout, boolean viaNchw) {
        Conv2dGeometry g = Conv2dGeometry.of(3, 3, 1, 1, 1, 1, 1, 1, 1);
        INDArray x = random(NCHW, 1, 28);
        INDArray w = random(weights(OIHW, 1, 32));
        INDArray dy = layout.create(DataType.FLOAT, N, 32, 28, 28).assign(random(NCHW, 32, 28).permute(layout == FeatureLayout.NHWC
                ? new int[]{0, 2, 3, 1} : new int[]{0, 1, 2, 3}));
        INDArray dW = w.ulike();
        INDArray dyNchw = Nd4j.create(DataType.FLOAT, N, 32, 28, 28);
        INDArray xInLayout = layout.entryBuffer(x);
        Conv2dLayer first = new Conv2dLayer(w, null, dW, null, g, ActivationFunction.IDENTITY);
        if (viaNchw) {
            return () -> {
                layout.toNchw(dy, dyNchw);
                Conv2dKernel.backward(x, dyNchw, first, null);
            };
        }
        return () -> Conv2dKernel.backward(layout, xInLayout, dy, first, null);
    }

    private static Runnable toNchw(int channels, int size) {
        INDArray nhwc = random(activation(NHWC, channels, size));
        INDArray nchw = Nd4j.create(DataType.FLOAT, activation(NCHW, channels, size));
        INDArray view = nhwc.permute(0, 3, 1, 2);
        return () -> nchw.assign(view);
    }

    private static Runnable toNhwc(int channels, int size) {
        INDArray nchw = random(activation(NCHW, channels, size));
        INDArray nhwc = Nd4j.create(DataType.FLOAT, activation(NHWC, channels, size));
        INDArray view = nchw.permute(0, 2, 3, 1);
        return () -> nhwc.assign(view);
    }

    /**
     * The bench CNN's inference from the image to the flatten: conv (BN folded into weights and bias),
     * ReLU, pool, twice. The NHWC chain reads the image as it is (one channel: the same memory in
     * both layouts) and ends with the copy back to NCHW that a flatten matching NCHW's order needs.
     */
    private static Runnable chain(int format) {
        ActivationFunction relu = ActivationFunction.of(Activation.RELU);
        int weightsFormat = format == NHWC ? OHWI : OIHW;
        INDArray image = random(format == NHWC ? NHWC : NCHW, 1, 28);
        INDArray w1 = random(weights(weightsFormat, 1, 32));
        INDArray b1 = random(32);
        INDArray z1 = create(format, 32, 28);
        INDArray a1 = create(format, 32, 28);
        INDArray p1 = create(format, 32, 14);
        INDArray w2 = random(weights(weightsFormat, 32, 64));
        INDArray b2 = random(64);
        INDArray z2 = create(format, 64, 14);
        INDArray a2 = create(format, 64, 14);
        INDArray p2 = create(format, 64, 7);
        Runnable conv1 = op("conv2d", new INDArray[]{image, w1, b1}, new INDArray[]{z1}, convArgs(format, weightsFormat));
        Runnable pool1 = op("maxpool2d", new INDArray[]{a1}, new INDArray[]{p1}, poolArgs(format));
        Runnable conv2 = op("conv2d", new INDArray[]{p1, w2, b2}, new INDArray[]{z2}, convArgs(format, weightsFormat));
        Runnable pool2 = op("maxpool2d", new INDArray[]{a2}, new INDArray[]{p2}, poolArgs(format));
        INDArray nchw = Nd4j.create(DataType.FLOAT, activation(NCHW, 64, 7));
        INDArray back = format == NHWC ? p2.permute(0, 3, 1, 2) : p2;
        return () -> {
            conv1.run();
            Activations.forward(relu, z1, a1);
            pool1.run();
            conv2.run();
            Activations.forward(relu, z2, a2);
            pool2.run();
            if (format != NCHW) {
                nchw.assign(back);
            }
        };
    }

    /** A custom op whose context is built once, then executed on every call. */
    private static Runnable op(String name, INDArray[] inputs, INDArray[] outputs, long... intArgs) {
        CustomOp op = DynamicCustomOp.builder(name).build();
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setIArguments(intArgs);
        for (int i = 0; i < inputs.length; i++) {
            context.setInputArray(i, inputs[i]);
        }
        for (int i = 0; i < outputs.length; i++) {
            context.setOutputArray(i, outputs[i]);
        }
        return () -> Nd4j.getExecutioner().exec(op, context);
    }

    private static void time(Map<String, Runnable> cases, int rounds) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int round = -3; round < rounds; round++) {
            for (Map.Entry<String, Runnable> e : cases.entrySet()) {
                for (int call = 0; call < 3; call++) {
                    long start = System.nanoTime();
                    e.getValue().run();
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (round >= 0) {
                        times.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(ms);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-34s %8s  %s%n", "case", "ms/call", "[p25-p75]");
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-34s %8.2f  [%.2f-%.2f]%n", e.getKey(), v[v.length / 2], v[v.length / 4],
                    v[3 * v.length / 4]);
        }
    }

    private static INDArray random(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }
}
