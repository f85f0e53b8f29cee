package dev.kiln.bench.tensorflow;

import dev.kiln.bench.peer.Arrays32;
import org.tensorflow.TensorFlow;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The TensorFlow Java peer process; it speaks the libtorch worker's protocol, so the bench drives
 * both the same way. The bench writes the Kiln model's weights and its batches into a directory
 * ({@link Arrays32}) and sends one command per line; every reply is one line on standard output,
 * "ok ..." or "error ...". Commands:
 * <ul>
 *   <li>{@code gate mlp|cnn IN OUT}: from IN's weights and batch {@code x}/{@code y}, writes to OUT
 *       the loss, every gradient, the weights after one SGD step, and the softmax outputs of the
 *       fresh network on {@code x} and on its first row. The CNN's loss, gradients and step are
 *       computed in a float64 graph (the float32 weights widened), its outputs by the float32 graph
 *       that is timed: in float32 the batch-norm gradients are sums over thousands of values that
 *       nearly cancel, and two correct systems differ there by more than the gate's limit. TensorFlow
 *       has no float64 fused batch norm, so that graph composes batch norm from its parts
 *       ({@link TfNet}); the timed graph's own float32 gradients and step are written too
 *       (under {@value #TIMED}) for the bench to check against its float64 results too;</li>
 *   <li>{@code prepare CASE IN}: builds the graph and batch of a timed case (mlp-train, mlp-infer,
 *       cnn-train, cnn-infer) from IN;</li>
 *   <li>{@code time CASE CALLS}: runs CALLS calls and replies with the milliseconds per call;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * Threads: see {@link TfNet#config()}.
 */
public final class TfWorker {
    /** The prefix of the timed float32 graph's gate results where the gate's own come from float64 (the bench's PeerGate.TIMED). */
    static final String TIMED = "timed32.";
    private final Map<String, Runnable> cases = new HashMap<>();

    private TfWorker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--startup")) {
            firstStep();
            return;
        }
        PrintStream out = System.out;
        TfWorker worker = new TfWorker();
        out.println("ok tensorflow ready, TensorFlow " + TensorFlow.version() + ", " + TfNet.config().getIntraOpParallelismThreads()
                + " intra-op threads, " + TfNet.config().getInterOpParallelismThreads() + " inter-op thread");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            try {
                out.println("ok " + worker.handle(line.trim().split(" ")));
            } catch (RuntimeException | IOException e) {
                out.println("error " + e.toString().replace('\n', ' '));
            }
            out.flush();
        }
    }

    private String handle(String[] command) throws IOException {
        return switch (command[0]) {
            case "gate" -> gate(command[1], Arrays32.read(Path.of(command[2])), Path.of(command[3]));
            case "prepare" -> prepare(command[1], Arrays32.read(Path.of(command[2])));
            case "time" -> time(command[1], Integer.parseInt(command[2]));
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        };
    }

    private static TfNet<TFloat32> net(String network, Arrays32 files) {
        float rate = files.get("learningRate").values()[0];
        return switch (network) {
            case "mlp" -> TfNet.mlp(files, rate);
            case "cnn" -> TfNet.cnn(files, TFloat32.class, rate);
            default -> throw new IllegalArgumentException("unknown network " + network);
        };
    }

    private static String gate(String network, Arrays32 files, Path out) throws IOException {
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

    private String prepare(String name, Arrays32 files) {
        TFloat32 x = TfNet.tensor(files.get("x"));
        TFloat32 y = TfNet.tensor(files.get("y"));
        String network = name.substring(0, name.indexOf('-'));
        TfNet<TFloat32> net = net(network, files);
        Runnable call = switch (name) {
            case "mlp-train", "cnn-train" -> () -> net.trainStep(x, y);
            case "mlp-infer", "cnn-infer" -> () -> net.infer(x);
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
        String key = name + "@" + x.shape().get(0);
        cases.put(key, call);
        return key;
    }

    private String time(String key, int calls) {
        Runnable call = cases.get(key);
        if (call == null) {
            throw new IllegalArgumentException("case " + key + " was not prepared");
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return String.format(Locale.ROOT, "%.6f", (System.nanoTime() - start) / 1e6 / calls);
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
