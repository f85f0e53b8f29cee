package dev.kiln.bench.libtorch;

import dev.kiln.bench.peer.Arrays32;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's networks in libtorch as its C++ users write them: parameters as leaf tensors that
 * require gradients, the functional ops ({@code linear}, {@code conv2d}, {@code batch_norm},
 * {@code max_pool2d}, {@code cross_entropy_loss} on class indices), autograd for the backward pass,
 * SGD in place under a no-grad guard, inference under a no-grad guard with batch norm on its running
 * statistics. Dense weights are kept as libtorch's [out, in] (the bench's files hold Kiln's
 * [in, out]; they are transposed once on the way in and out). Every call runs in a
 * {@link PointerScope}, so its temporaries are freed when it ends rather than by the collector.
 */
final class TorchNet {
    private static final long[] ONE = {1, 1};
    private static final long[] PAD = {1, 1};
    private static final long[] POOL = {2, 2};

    /** Kiln's parameter names in the network's order, and whether it is the MLP. */
    private final List<String> names;
    private final boolean cnn;
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> runningStats = new LinkedHashMap<>();

    private TorchNet(List<String> names, boolean cnn, Arrays32 weights, torch.ScalarType type) {
        this.names = names;
        this.cnn = cnn;
        for (String name : names) {
            Arrays32.Array a = weights.get(name);
            Tensor t = tensor(a).to(type);
            if (isDenseWeight(name)) {
                t = t.t().contiguous();
            }
            parameters.put(name, t.requires_grad_(true));
        }
        for (String name : names) {
            if (name.endsWith(".gamma")) {
                String layer = name.substring(0, name.indexOf('.'));
                long channels = weights.get(name).shape()[0];
                runningStats.put(layer + ".mean", torch.zeros(channels).to(type));
                runningStats.put(layer + ".var", torch.ones(channels).to(type));
            }
        }
    }

    static TorchNet mlp(Arrays32 weights) {
        return new TorchNet(List.of("fc1.W", "fc1.b", "fc2.W", "fc2.b", "logits.W", "logits.b"), false, weights, torch.ScalarType.Float);
    }

    /** {@code type}: Float as timed, or Double for the gate (see LibtorchWorker). */
    static TorchNet cnn(Arrays32 weights, torch.ScalarType type) {
        return new TorchNet(List.of("conv1.W", "bn1.gamma", "bn1.beta", "conv2.W", "bn2.gamma", "bn2.beta",
                "conv3.W", "bn3.gamma", "bn3.beta", "conv4.W", "bn4.gamma", "bn4.beta",
                "fc.W", "fc.b", "logits.W", "logits.b"), true, weights, type);
    }

    private boolean isDenseWeight(String name) {
        return name.endsWith(".W") && (!cnn || name.startsWith("fc") || name.startsWith("logits"));
    }

    static Tensor tensor(Arrays32.Array a) {
        return torch.from_blob(new FloatPointer(a.values()), a.shape()).clone();
    }

    private Tensor p(String name) {
        return parameters.get(name);
    }

    /** Logits for x [N, 784]; {@code training}: batch norm on the batch's statistics (and updating the running ones). */
    Tensor forward(Tensor x, boolean training) {
        if (!cnn) {
            Tensor h = torch.relu(torch.linear(x, p("fc1.W"), p("fc1.b")));
            h = torch.relu(torch.linear(h, p("fc2.W"), p("fc2.b")));
            return torch.linear(h, p("logits.W"), p("logits.b"));
        }
        Tensor h = x.view(x.size(0), 1, 28, 28);
        h = torch.max_pool2d(stage(h, "conv1", "bn1", training), POOL, POOL, new long[]{0, 0}, ONE, false);
        h = torch.max_pool2d(stage(h, "conv2", "bn2", training), POOL, POOL, new long[]{0, 0}, ONE, false);
        h = stage(stage(h, "conv3", "bn3", training), "conv4", "bn4", training);
        h = torch.max_pool2d(h, POOL, POOL, new long[]{0, 0}, ONE, false);
        h = torch.relu(torch.linear(torch.flatten(h, 1, -1), p("fc.W"), p("fc.b")));
        return torch.linear(h, p("logits.W"), p("logits.b"));
    }

    /** conv 3x3 same without bias, batch norm (eps 1e-5, momentum 0.1: Kiln's decay 0.9), ReLU. */
    private Tensor stage(Tensor x, String conv, String bn, boolean training) {
        Tensor c = torch.conv2d(x, p(conv + ".W"), new TensorOptional(), ONE, PAD, ONE, 1);
        Tensor n = torch.batch_norm(c, new TensorOptional(p(bn + ".gamma")), new TensorOptional(p(bn + ".beta")),
                new TensorOptional(runningStats.get(bn + ".mean")), new TensorOptional(runningStats.get(bn + ".var")),
                training, 0.1, 1e-5, true);
        return torch.relu(n);
    }

    /** Mean softmax cross-entropy of the batch, gradients left in the parameters' grad. */
    double lossAndGradients(Tensor x, Tensor classes) {
        for (Tensor t : parameters.values()) {
            if (t.grad().defined()) {
                t.mutable_grad().zero_();
            }
        }
        Tensor loss = torch.cross_entropy_loss(forward(x, true), classes);
        loss.backward();
        return loss.item_float();
    }

    /** One SGD step: forward, backward, w -= lr * grad. Returns the loss. */
    double trainStep(Tensor x, Tensor classes, double learningRate) {
        try (PointerScope scope = new PointerScope()) {
            double loss = lossAndGradients(x, classes);
            try (NoGradGuard guard = new NoGradGuard()) {
                Scalar rate = new Scalar(learningRate);
                for (Tensor t : parameters.values()) {
                    t.sub_(t.grad(), rate);
                }
            }
            return loss;
        }
    }

    /** Softmax probabilities for x, with the running statistics and no autograd. */
    float[] inference(Tensor x) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return values(torch.softmax(forward(x, false), 1));
        }
    }

    /** Runs {@link #inference}'s work without copying the result out (what the timing loop calls). */
    void infer(Tensor x) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            torch.softmax(forward(x, false), 1);
        }
    }

    /** The parameters (or, with {@code gradients}, their gradients) in Kiln's layouts, named as Kiln names them. */
    Map<String, Arrays32.Array> export(boolean gradients) {
        Map<String, Arrays32.Array> out = new LinkedHashMap<>();
        for (String name : names) {
            Tensor t = gradients ? p(name).grad() : p(name);
            Tensor kilnLayout = isDenseWeight(name) ? t.t().contiguous() : t.contiguous();
            long[] shape = new long[(int) kilnLayout.dim()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = kilnLayout.size(i);
            }
            out.put(name, new Arrays32.Array(shape, values(kilnLayout)));
        }
        return out;
    }

    static float[] values(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        new FloatPointer(c.const_data_ptr()).get(out);
        return out;
    }
}
