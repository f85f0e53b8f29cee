package dev.kiln.bench.tensorflow;

import dev.kiln.bench.peer.Arrays32;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's networks as one TensorFlow graph each, the way a TensorFlow user writes them in graph
 * mode: parameters in variables, the batch fed through placeholders, {@code MatMul + BiasAdd + Relu}
 * (the pattern Grappler's remapper fuses into one kernel on the CPU, as Keras' Dense emits it), convolutions in NHWC with HWIO filters
 * (TensorFlow's native CPU layout: no transposes around its oneDNN kernels), {@code FusedBatchNormV3}
 * (what Keras' BatchNormalization runs on 4-D inputs), {@code MaxPool}, the mean of
 * {@code SoftmaxCrossEntropyWithLogits}, the gradients added to the graph by TensorFlow's symbolic
 * differentiation ({@code Graph.addGradients}) and the SGD step as {@code ApplyGradientDescent} on
 * every variable. Inference is a second head on the same variables, batch norm on the running
 * statistics, softmax out. The bench's files are in Kiln's layouts; {@link TfLayout} converts once.
 *
 * <p>{@code T} is the float type of the graph: float32 as timed; float64 for the CNN's gate (see
 * {@link TfWorker}). TensorFlow's fused batch norm has no float64 kernel ({@code FusedBatchNormV3}'s
 * {@code T} is half, bfloat16 or float32), so a float64 graph normalizes with the composed ops
 * {@code tf.nn.batch_normalization} and Keras' unfused path use: batch moments, then
 * (x - mean) * rsqrt(variance + eps) * gamma + beta. Its cross-entropy is composed too, for another
 * gap: the C++ gradient of {@code SoftmaxCrossEntropyWithLogits} (what {@code Graph.addGradients}
 * uses) puts a float32 node into a float64 graph ("Inconsistent values for attr 'T' DT_DOUBLE vs.
 * DT_FLOAT" at {@code gradients/Multiply_1}), so float64 takes -sum(labels * logSoftmax(logits)).
 */
final class TfNet<T extends TFloating> implements AutoCloseable {
    static final List<String> MLP = List.of("fc1.W", "fc1.b", "fc2.W", "fc2.b", "logits.W", "logits.b");
    static final List<String> CNN = List.of("conv1.W", "bn1.gamma", "bn1.beta", "conv2.W", "bn2.gamma", "bn2.beta",
            "conv3.W", "bn3.gamma", "bn3.beta", "conv4.W", "bn4.gamma", "bn4.beta",
            "fc.W", "fc.b", "logits.W", "logits.b");
    /** The CNN's map before flatten: 128 channels of 3x3 (28 pooled three times). */
    private static final int[] CNN_FLAT = {128, 3, 3};
    private static final float EPSILON = 1e-5f;
    /** Running statistics move by 0.1 of the batch's each step: Kiln's decay 0.9, libtorch's momentum 0.1. */
    private static final float MOMENTUM = 0.1f;

    private final List<String> names;
    private final boolean cnn;
    private final Class<T> type;
    private final TfLayout layout;
    private final Map<String, long[]> kilnShapes = new LinkedHashMap<>();
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Map<String, Variable<T>> variables = new LinkedHashMap<>();
    private final Map<String, Operand<T>> reads = new LinkedHashMap<>();
    private final Map<String, Variable<T>> runningStats = new LinkedHashMap<>();
    private final List<Op> statUpdates = new ArrayList<>();
    private final Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
    private final Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 10)));
    private final Operand<TFloat32> loss;
    private final List<Operand<TFloat32>> gradients = new ArrayList<>();
    private final List<Operand<TFloat32>> values = new ArrayList<>();
    private final Op train;
    private final Operand<TFloat32> probabilities;
    private final Session session;

    private TfNet(List<String> names, boolean cnn, Arrays32 weights, Class<T> type, float learningRate) {
        this.names = names;
        this.cnn = cnn;
        this.type = type;
        this.layout = new TfLayout(cnn ? CNN_FLAT : null);
        for (String name : names) {
            Arrays32.Array a = weights.get(name);
            kilnShapes.put(name, a.shape());
            Variable<T> v = tf.variable(widen(tf.constant(Shape.of(layout.shape(name, a.shape())),
                    DataBuffers.of(layout.toTensorFlow(name, a), true, false))));
            variables.put(name, v);
            // Read through an identity, as a TensorFlow variable's value() is: the gradients are taken
            // with respect to the read, and the variable itself is what the update writes.
            reads.put(name, tf.identity(v));
            if (name.endsWith(".gamma")) {
                String layer = name.substring(0, name.indexOf('.'));
                long channels = a.shape()[a.shape().length - 1];
                runningStats.put(layer + ".mean", tf.variable(widen(tf.constant(Shape.of(channels), DataBuffers.ofFloats(channels)))));
                float[] ones = new float[(int) channels];
                Arrays.fill(ones, 1f);
                runningStats.put(layer + ".var", tf.variable(widen(tf.constant(Shape.of(channels), DataBuffers.of(ones, true, false)))));
            }
        }
        Operand<T> logits = forward(true);
        Operand<T> mean = tf.math.mean(crossEntropy(logits, widen(y)), tf.constant(0));
        loss = narrow(mean);
        List<Operand<?>> wrt = new ArrayList<>(reads.values());
        Output<?>[] grads = graph.addGradients(mean.asOutput(), wrt.stream().map(Operand::asOutput).toArray(Output<?>[]::new));
        // The updates wait for every gradient: an update in place before the input gradient that
        // reads the same weights would change what backpropagation sees.
        List<Op> computed = new ArrayList<>();
        List<Operand<T>> deltas = new ArrayList<>();
        for (Output<?> g : grads) {
            var delta = tf.identity(g.expect(type));
            computed.add(delta);
            deltas.add(delta);
            gradients.add(narrow(delta));
        }
        Ops afterGradients = tf.withControlDependencies(computed);
        Operand<T> rate = widen(tf.constant(learningRate));
        List<Op> updates = new ArrayList<>();
        int i = 0;
        for (String name : names) {
            updates.add(afterGradients.train.applyGradientDescent(variables.get(name), rate, deltas.get(i++)));
            values.add(narrow(reads.get(name)));
        }
        for (Op update : statUpdates) {
            updates.add(update);
        }
        train = tf.withControlDependencies(updates).noOp();
        probabilities = narrow(tf.nn.softmax(forward(false)));
        session = new Session(graph, config());
        session.initialize();
    }

    static TfNet<TFloat32> mlp(Arrays32 weights, float learningRate) {
        return new TfNet<>(MLP, false, weights, TFloat32.class, learningRate);
    }

    /** {@code type}: TFloat32 as timed, or TFloat64 for the gate (see TfWorker). */
    static <T extends TFloating> TfNet<T> cnn(Arrays32 weights, Class<T> type, float learningRate) {
        return new TfNet<>(CNN, true, weights, type, learningRate);
    }

    /**
     * Threads as a TensorFlow user sets them for one model on a small machine: intra-op threads on
     * every core (each kernel, oneDNN's included, splits its work over them), one inter-op thread.
     * The graph's independent branches (a layer's weight and input gradients) are too small to be
     * worth running side by side when each kernel already uses every core, and two inter-op threads
     * each feeding a kernel that wants both cores would oversubscribe them.
     */
    static ConfigProto config() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(Runtime.getRuntime().availableProcessors())
                .setInterOpParallelismThreads(1)
                .build();
    }

    @SuppressWarnings("unchecked")
    private <U extends TFloating> Operand<T> widen(Operand<U> in) {
        return in.type() == type ? (Operand<T>) in : tf.dtypes.cast(in, type);
    }

    @SuppressWarnings("unchecked")
    private Operand<TFloat32> narrow(Operand<T> in) {
        return type == TFloat32.class ? (Operand<TFloat32>) in : tf.dtypes.cast(in, TFloat32.class);
    }

    private Operand<T> p(String name) {
        return reads.get(name);
    }

    /** Logits for the fed batch; {@code training}: batch norm on the batch's statistics (updating the running ones). */
    private Operand<T> forward(boolean training) {
        Operand<T> in = widen(x);
        if (!cnn) {
            Operand<T> h = tf.nn.relu(dense(in, "fc1"));
            h = tf.nn.relu(dense(h, "fc2"));
            return dense(h, "logits");
        }
        Operand<T> h = tf.reshape(in, tf.constant(new long[]{-1, 28, 28, 1}));
        h = pool(stage(h, "conv1", "bn1", training));
        h = pool(stage(h, "conv2", "bn2", training));
        h = pool(stage(stage(h, "conv3", "bn3", training), "conv4", "bn4", training));
        h = tf.reshape(h, tf.constant(new long[]{-1, (long) CNN_FLAT[0] * CNN_FLAT[1] * CNN_FLAT[2]}));
        h = tf.nn.relu(dense(h, "fc"));
        return dense(h, "logits");
    }

    /** Per-example softmax cross-entropy: TensorFlow's fused op in float32, composed where its gradient fails (see above). */
    private Operand<T> crossEntropy(Operand<T> logits, Operand<T> labels) {
        if (type == TFloat32.class) {
            return tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
        }
        return tf.math.neg(tf.sum(tf.math.mul(labels, tf.nn.logSoftmax(logits)), tf.constant(1)));
    }

    private Operand<T> dense(Operand<T> in, String layer) {
        return tf.nn.biasAdd(tf.linalg.matMul(in, p(layer + ".W")), p(layer + ".b"));
    }

    private Operand<T> pool(Operand<T> in) {
        return tf.nn.maxPool(in, tf.constant(new int[]{1, 2, 2, 1}), tf.constant(new int[]{1, 2, 2, 1}), "VALID");
    }

    /** conv 3x3 same without bias, batch norm (eps 1e-5), ReLU, in NHWC. */
    private Operand<T> stage(Operand<T> in, String conv, String bn, boolean training) {
        Operand<T> c = tf.nn.conv2d(in, p(conv + ".W"), List.of(1L, 1L, 1L, 1L), "SAME", Conv2d.dataFormat("NHWC"));
        return tf.nn.relu(type == TFloat32.class ? fusedNorm(c, bn, training) : composedNorm(c, bn, training));
    }

    @SuppressWarnings("unchecked")
    private Operand<T> fusedNorm(Operand<T> c, String bn, boolean training) {
        Operand<TFloat32> in = (Operand<TFloat32>) c;
        Variable<TFloat32> mean = (Variable<TFloat32>) runningStats.get(bn + ".mean");
        Variable<TFloat32> variance = (Variable<TFloat32>) runningStats.get(bn + ".var");
        FusedBatchNorm<TFloat32, TFloat32> n = tf.nn.fusedBatchNorm(in, (Operand<TFloat32>) p(bn + ".gamma"),
                (Operand<TFloat32>) p(bn + ".beta"), tf.identity(mean), tf.identity(variance),
                FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(training),
                FusedBatchNorm.exponentialAvgFactor(training ? MOMENTUM : 1f), FusedBatchNorm.dataFormat("NHWC"));
        if (training) {
            // With an averaging factor, the training op's batch_mean and batch_variance outputs are the
            // updated running statistics (the variance with Bessel's correction), as Keras assigns them.
            statUpdates.add(tf.assign(mean, n.batchMean()));
            statUpdates.add(tf.assign(variance, n.batchVariance()));
        }
        return (Operand<T>) n.y();
    }

    /** Batch norm from its parts, for a float type the fused kernel lacks; the running statistics stay as they are. */
    private Operand<T> composedNorm(Operand<T> c, String bn, boolean training) {
        Operand<T> mean;
        Operand<T> variance;
        if (training) {
            var axes = tf.constant(new int[]{0, 1, 2});
            mean = tf.math.mean(c, axes);
            variance = tf.math.mean(tf.math.squaredDifference(c, mean), axes);
        } else {
            mean = tf.identity(runningStats.get(bn + ".mean"));
            variance = tf.identity(runningStats.get(bn + ".var"));
        }
        Operand<T> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, widen(tf.constant(EPSILON)))), p(bn + ".gamma"));
        return tf.math.add(tf.math.mul(tf.math.sub(c, mean), scale), p(bn + ".beta"));
    }

    /** One SGD step on the batch: forward, backward, w -= lr * grad (and the running statistics). Returns the loss. */
    float trainStep(TFloat32 features, TFloat32 labels) {
        try (Result r = session.runner().feed(x, features).feed(y, labels).addTarget(train).fetch(loss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** The loss, the gradients left in {@code out} by Kiln's names and layouts ("grad." + name). */
    float lossAndGradients(TFloat32 features, TFloat32 labels, Map<String, Arrays32.Array> out) {
        Session.Runner runner = session.runner().feed(x, features).feed(y, labels).fetch(loss);
        gradients.forEach(runner::fetch);
        try (Result r = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
                out.put("grad." + names.get(i), kiln(names.get(i), (TFloat32) r.get(i + 1)));
            }
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** The parameters by Kiln's names and layouts, {@code prefix} before each name. */
    void export(String prefix, Map<String, Arrays32.Array> out) {
        Session.Runner runner = session.runner();
        values.forEach(runner::fetch);
        try (Result r = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
                out.put(prefix + names.get(i), kiln(names.get(i), (TFloat32) r.get(i)));
            }
        }
    }

    private Arrays32.Array kiln(String name, TFloat32 t) {
        long[] shape = kilnShapes.get(name);
        return new Arrays32.Array(shape, layout.toKiln(name, shape, floats(t)));
    }

    /** Softmax probabilities for the batch, batch norm on the running statistics. */
    float[] inference(TFloat32 features) {
        try (Result r = session.runner().feed(x, features).fetch(probabilities).run()) {
            return floats((TFloat32) r.get(0));
        }
    }

    /** Runs {@link #inference}'s work without copying the result out (what the timing loop calls). */
    void infer(TFloat32 features) {
        session.runner().feed(x, features).fetch(probabilities).run().close();
    }

    static float[] floats(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    static TFloat32 tensor(Arrays32.Array a) {
        return TFloat32.tensorOf(Shape.of(a.shape()), DataBuffers.of(a.values(), true, false));
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
