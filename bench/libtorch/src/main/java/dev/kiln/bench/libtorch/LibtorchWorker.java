package dev.kiln.bench.libtorch;

import dev.kiln.bench.peer.Arrays32;
import dev.kiln.bench.peer.WorkerLoop;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The libtorch peer process. The bench writes the Kiln model's weights and its batches into a
 * directory ({@link Arrays32}) and sends one command per line ({@link WorkerLoop}). Its gate results:
 * the CNN's gradients and step are computed in float64 (the float32 weights widened), its outputs in
 * float32: in float32 the batch-norm gradients are sums over thousands of values that nearly cancel,
 * and two correct systems differ there by more than the gate's limit (the bench's DL4J check does the
 * same); the MLP's in float32, as timed.
 * Threads as a libtorch user sets them for one model on the machine: intra-op threads on every core
 * ({@code at::set_num_threads}), one inter-op thread (a sequential network has nothing to overlap).
 */
public final class LibtorchWorker implements WorkerLoop.Peer {
    private LibtorchWorker() {
    }

    public static void main(String[] args) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        torch.set_num_threads(cores);
        torch.set_num_interop_threads(1);
        if (args.length == 1 && args[0].equals("--startup")) {
            firstStep();
            return;
        }
        WorkerLoop.serve("libtorch ready, " + torch.get_num_threads() + " intra-op threads", new LibtorchWorker());
    }

    private static TorchNet net(String network, Arrays32 files, torch.ScalarType cnnType) {
        return switch (network) {
            case "mlp" -> TorchNet.mlp(files);
            case "cnn" -> TorchNet.cnn(files, cnnType);
            default -> throw new IllegalArgumentException("unknown network " + network);
        };
    }

    @Override
    public String gate(String network, Arrays32 files, Path out) throws IOException {
        Tensor x = TorchNet.tensor(files.get("x"));
        Tensor classes = classes(files.get("y"));
        Map<String, Arrays32.Array> results = new LinkedHashMap<>();
        TorchNet fresh = net(network, files, torch.ScalarType.Float);
        results.put("inference", new Arrays32.Array(files.get("y").shape(), fresh.inference(x)));
        Tensor first = x.narrow(0, 0, 1).contiguous();
        results.put("inference1", new Arrays32.Array(new long[]{1, files.get("y").shape()[1]}, fresh.inference(first)));
        torch.ScalarType exact = network.equals("cnn") ? torch.ScalarType.Double : torch.ScalarType.Float;
        Tensor wide = x.to(exact);
        TorchNet net = net(network, files, exact);
        double loss = net.lossAndGradients(wide, classes);
        results.put("loss", new Arrays32.Array(new long[]{1}, new float[]{(float) loss}));
        net.export(true).forEach((name, a) -> results.put("grad." + name, a));
        TorchNet stepped = net(network, files, exact);
        stepped.trainStep(wide, classes, files.get("learningRate").values()[0]);
        stepped.export(false).forEach((name, a) -> results.put("after." + name, a));
        Arrays32.write(out, results);
        return String.format(Locale.ROOT, "loss %.7f", loss);
    }

    @Override
    public WorkerLoop.Prepared prepare(String name, Arrays32 files) {
        Tensor x = TorchNet.tensor(files.get("x"));
        Tensor classes = classes(files.get("y"));
        double rate = files.get("learningRate").values()[0];
        Runnable call = switch (name) {
            case "mlp-train" -> {
                TorchNet net = TorchNet.mlp(files);
                yield () -> net.trainStep(x, classes, rate);
            }
            case "cnn-train" -> {
                TorchNet net = TorchNet.cnn(files, torch.ScalarType.Float);
                yield () -> net.trainStep(x, classes, rate);
            }
            case "mlp-infer" -> {
                TorchNet net = TorchNet.mlp(files);
                yield () -> net.infer(x);
            }
            case "cnn-infer" -> {
                TorchNet net = TorchNet.cnn(files, torch.ScalarType.Float);
                yield () -> net.infer(x);
            }
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
        return new WorkerLoop.Prepared(x.size(0), call);
    }

    /**
     * Start-up mode: what a libtorch user's first step pays (loading the native libraries, building
     * the MLP with libtorch's own random weights, one SGD step on a random batch of 256), then the
     * line the bench's start-up measurement waits for.
     */
    private static void firstStep() {
        Map<String, Arrays32.Array> weights = new LinkedHashMap<>();
        int[] widths = {784, 1024, 1024, 10};
        String[] layers = {"fc1", "fc2", "logits"};
        for (int i = 0; i < layers.length; i++) {
            Tensor w = torch.randn(widths[i], widths[i + 1]).mul_(new org.bytedeco.pytorch.Scalar(Math.sqrt(2.0 / widths[i])));
            weights.put(layers[i] + ".W", new Arrays32.Array(new long[]{widths[i], widths[i + 1]}, TorchNet.values(w)));
            weights.put(layers[i] + ".b", new Arrays32.Array(new long[]{widths[i + 1]}, new float[widths[i + 1]]));
        }
        TorchNet net = TorchNet.mlp(new Arrays32(weights));
        Tensor x = torch.rand(256, 784);
        Tensor classes = torch.randint(10, new long[]{256});
        double loss = net.trainStep(x, classes, 0.01);
        System.out.println("FIRST_STEP_DONE loss=" + loss);
        System.out.flush();
    }

    /** One-hot rows to class indices (int64), what libtorch's cross-entropy takes. */
    private static Tensor classes(Arrays32.Array oneHot) {
        return TorchNet.tensor(oneHot).argmax(new LongOptional(1), false);
    }
}
