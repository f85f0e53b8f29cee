package dev.kiln.bench.tensorflow;

import dev.kiln.bench.peer.Arrays32;
import dev.kiln.bench.peer.WorkerLoop;
import org.tensorflow.TensorFlow;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The TensorFlow Java peer process: answers the bench's commands ({@link WorkerLoop}, the protocol the
 * libtorch worker speaks too) from the graphs of {@link TfNet}. Its gate results: the MLP's as the
 * timed float32 graph computes them; the CNN's loss, gradients and step from a float64 graph (the
 * float32 weights widened), its outputs from the float32 graph that is timed. In float32 the
 * batch-norm gradients are sums over thousands of values that nearly cancel, and two correct systems
 * differ there by more than the gate's limit. TensorFlow has no float64 fused batch norm, so that
 * graph composes batch norm from its parts ({@link TfNet}); the timed graph's own float32 loss,
 * gradients and step are written too (under {@value #TIMED}); the bench prints how far they are from
 * its float64 results. Threads: see {@link TfNet#config()}.
 */
public final class TfWorker implements WorkerLoop.Peer {
    /** The prefix of the timed float32 graph's gate results where the gate's own come from float64 (the bench's PeerGate.TIMED). */
    static final String TIMED = "timed32.";
    private TfWorker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--startup")) {
            firstStep();
            return;
        }
        WorkerLoop.serve("tensorflow ready, TensorFlow " + TensorFlow.version() + ", " + TfNet.config().getIntraOpParallelismThreads()
                + " intra-op threads, " + TfNet.config().getInterOpParallelismThreads() + " inter-op thread", new TfWorker());
    }

    private static TfNet<TFloat32> net(String network, Arrays32 files) {
        float rate = files.get("learningRate").values()[0];
        return switch (network) {
            case "mlp" -> TfNet.mlp(files, rate);
            case "cnn" -> TfNet.cnn(files, TFloat32.class, rate);
            default -> throw new IllegalArgumentException("unknown network " + network);
        };
    }

    @Override
    public String gate(String network, Arrays32 files, Path out) throws IOException {
        Map<String, Arrays32.Array> results = new LinkedHashMap<>();
        long classes = files.get("y").shape()[1];
        try (TFloat32 x = TfNet.tensor(files.get("x")); TFloat32 y = TfNet.tensor(files.get("y"));
             TFloat32 first = TfNet.tensor(firstRow(files.get("x")))) {
            float loss;
            try (TfNet<TFloat32> fresh = net(network, files)) {
                results.put("inference", new Arrays32.Array(files.get("y").shape(), fresh.inference(x)));
                results.put("inference1", new Arrays32.Array(new long[]{1, classes}, fresh.inference(first)));
                float timedLoss = fresh.lossAndGradients(x, y, results);
                fresh.trainStep(x, y);
                fresh.export("after.", results);
                loss = timedLoss;
            }
            if (network.equals("cnn")) {
                // The float32 graph's results move under the timed32. prefix; the gate's own come from float64.
                Map<String, Arrays32.Array> timed = new LinkedHashMap<>(results);
                results.clear();
                timed.forEach((name, a) -> results.put(name.startsWith("inference") ? name : TIMED + name, a));
                results.put(TIMED + "loss", new Arrays32.Array(new long[]{1}, new float[]{loss}));
                float rate = files.get("learningRate").values()[0];
                try (TfNet<TFloat64> exact = TfNet.cnn(files, TFloat64.class, rate)) {
                    loss = exact.lossAndGradients(x, y, results);
                    exact.trainStep(x, y);
                    exact.export("after.", results);
                }
            }
            results.put("loss", new Arrays32.Array(new long[]{1}, new float[]{loss}));
        }
        Arrays32.write(out, results);
        return String.format(Locale.ROOT, "loss %.7f", results.get("loss").values()[0]);
    }

    private static Arrays32.Array firstRow(Arrays32.Array x) {
        int width = (int) x.shape()[1];
        float[] row = new float[width];
        System.arraycopy(x.values(), 0, row, 0, width);
        return new Arrays32.Array(new long[]{1, width}, row);
    }

    @Override
    public WorkerLoop.Prepared prepare(String name, Arrays32 files) {
        TFloat32 x = TfNet.tensor(files.get("x"));
        TFloat32 y = TfNet.tensor(files.get("y"));
        TfNet<TFloat32> net = net(name.substring(0, name.indexOf('-')), files);
        Runnable call = switch (name) {
            case "mlp-train", "cnn-train" -> () -> net.trainStep(x, y);
            case "mlp-infer", "cnn-infer" -> () -> net.infer(x);
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
        return new WorkerLoop.Prepared(x.shape().get(0), call);
    }

    /**
     * Start-up mode: what a TensorFlow Java user's first step pays (loading the native library,
     * building the MLP's graph and session with He-normal weights, one SGD step on a random batch of
     * 256), then the line the bench's start-up measurement waits for.
     */
    private static void firstStep() {
        SplittableRandom random = new SplittableRandom();
        Map<String, Arrays32.Array> files = new LinkedHashMap<>();
        int[] widths = {784, 1024, 1024, 10};
        String[] layers = {"fc1", "fc2", "logits"};
        for (int i = 0; i < layers.length; i++) {
            float[] w = new float[widths[i] * widths[i + 1]];
            double scale = Math.sqrt(2.0 / widths[i]);
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (gaussian(random) * scale);
            }
            files.put(layers[i] + ".W", new Arrays32.Array(new long[]{widths[i], widths[i + 1]}, w));
            files.put(layers[i] + ".b", new Arrays32.Array(new long[]{widths[i + 1]}, new float[widths[i + 1]]));
        }
        float[] x = new float[256 * 784];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble();
        }
        float[] y = new float[256 * 10];
        for (int row = 0; row < 256; row++) {
            y[row * 10 + random.nextInt(10)] = 1f;
        }
        try (TfNet<TFloat32> net = TfNet.mlp(new Arrays32(files), 0.01f);
             TFloat32 features = TfNet.tensor(new Arrays32.Array(new long[]{256, 784}, x));
             TFloat32 labels = TfNet.tensor(new Arrays32.Array(new long[]{256, 10}, y))) {
            float loss = net.trainStep(features, labels);
            System.out.println("FIRST_STEP_DONE loss=" + loss);
            System.out.flush();
        }
    }

    /** A standard normal sample (Box-Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
