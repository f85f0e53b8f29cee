package dev.kiln.bench;

import dev.kiln.bench.peer.Arrays32;
import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Sgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The correctness gate for a peer in another process, the same one the bench applies to DL4J
 * ({@link EquivalenceCheck}, {@link InferenceCheck}): the Kiln model's weights and the batch go to
 * the peer in files ({@link #write}); the peer sends back its loss, every gradient, its weights
 * after one SGD step and its softmax outputs (at the batch's size and at batch 1), and each must
 * agree with Kiln's within the same limits, or the peer is not timed. The CNN's loss, gradients and
 * step are compared in float64 on both sides, as the DL4J check does (see {@link EquivalenceCheck#runCnn}).
 */
final class PeerGate {
    private PeerGate() {
    }

    /** Kiln's parameters (by their Kiln names, in Kiln's layouts), the batch as x and y, and the SGD rate. */
    static Path write(KilnNet kiln, BenchData batch, double learningRate) {
        Map<String, Arrays32.Array> arrays = new LinkedHashMap<>();
        for (Parameter p : kiln.parameters()) {
            arrays.put(p.name(), array(p.value()));
        }
        arrays.put("x", array(batch.features()));
        arrays.put("y", array(batch.labels()));
        arrays.put("learningRate", new Arrays32.Array(new long[]{1}, new float[]{(float) learningRate}));
        try {
            Path dir = Files.createTempDirectory("kiln-peer-");
            Arrays32.write(dir, arrays);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the peer's weights and batch", e);
        }
    }

    /**
     * Runs the gate for {@code network} ("mlp" or "cnn"): {@code kiln} must be fresh (it takes one
     * step here), {@code inference} is what Kiln times for inference (the model or its snapshot).
     * Returns the evidence; its failures list is empty when the peer computes the same thing.
     */
    static EquivalenceCheck.Result run(PeerProcess peer, String network, KilnNet kiln, Function<KilnNet, InferenceModel> inference,
                                       BenchData batch, double learningRate) {
        return check(peer, network, write(kiln, batch, learningRate), kiln, inference, batch, learningRate);
    }

    /** The CNN's gate: {@code kiln} in float32 for the outputs, its weights widened to float64 for the rest. */
    static EquivalenceCheck.Result runCnn(PeerProcess peer, BenchCnnNet kiln, BenchData batch, double learningRate) {
        return check(peer, "cnn", write(kiln, batch, learningRate), kiln, EquivalenceCheck.widened(kiln),
                net -> ((BenchCnnNet) net).freezeForInference(), batch, learningRate);
    }

    /** As {@link #run}, with the peer reading the files in {@code in} (written by {@link #write}). */
    static EquivalenceCheck.Result check(PeerProcess peer, String network, Path in, KilnNet kiln,
                                         Function<KilnNet, InferenceModel> inference, BenchData batch, double learningRate) {
        return check(peer, network, in, kiln, kiln, inference, batch, learningRate);
    }

    /**
     * As {@link #check(PeerProcess, String, Path, KilnNet, Function, BenchData, double)} with the loss,
     * gradients and step taken from {@code exact} (the same weights in float64, for the CNN: see
     * {@code LibtorchWorker}) and the inference outputs from {@code kiln}.
     */
    static EquivalenceCheck.Result check(PeerProcess peer, String network, Path in, KilnNet kiln, KilnNet exact,
                                         Function<KilnNet, InferenceModel> inference, BenchData batch, double learningRate) {
        Path out = in.resolve("out");
        peer.request("gate " + network + " " + in + " " + out);
        Arrays32 theirs;
        try {
            theirs = Arrays32.read(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + peer.system() + "'s gate results", e);
        }
        List<String> failures = new ArrayList<>();
        String inferenceFailure = compareInference(inference.apply(kiln), batch, theirs);
        if (inferenceFailure != null) {
            failures.add(inferenceFailure);
        }
        BenchData exactBatch = batch.castTo(exact.parameters().get(0).value().dataType());
        double kilnLoss = exact.computeGradients(exactBatch.features(), exactBatch.labels());
        double peerLoss = theirs.get("loss").values()[0];
        if (!(Math.abs(kilnLoss - peerLoss) <= EquivalenceCheck.LOSS_TOLERANCE)) {
            failures.add(String.format(Locale.ROOT, "loss differs: Kiln %.7f, %s %.7f", kilnLoss, peer.system(), peerLoss));
        }
        Worst gradient = worst(exact.parameters(), Parameter::gradient, theirs, "grad.", EquivalenceCheck.GRADIENT_TOLERANCE,
                "gradient of %s differs: relative %.2e", failures);
        boolean timed = theirs.arrays().containsKey(TIMED + "loss");
        Worst timedGradient = timed ? worst(exact.parameters(), Parameter::gradient, theirs, TIMED + "grad.") : null;
        exact.trainStep(exactBatch.features(), exactBatch.labels(), new Sgd(learningRate));
        Worst step = worst(exact.parameters(), Parameter::value, theirs, "after.", EquivalenceCheck.STEP_TOLERANCE,
                "%s after one SGD step differs: relative %.2e", failures);
        String more = "";
        if (timed) {
            Worst timedStep = worst(exact.parameters(), Parameter::value, theirs, TIMED + "after.");
            more = String.format(Locale.ROOT, "; the float32 graph it times, against the same float64 results: loss |diff| %.1e,"
                            + " gradients %.1e at %s, after one step %.1e at %s (reported, not gated, like the float32 line above)",
                    Math.abs(kilnLoss - theirs.get(TIMED + "loss").values()[0]), timedGradient.difference, timedGradient.name,
                    timedStep.difference, timedStep.name);
        }
        return new EquivalenceCheck.Result(kilnLoss, peerLoss, gradient.difference, gradient.name, step.difference, step.name, failures,
                more);
    }

    /**
     * The prefix of a peer's results from the graph it times, where its float64 gate had to run another
     * (TensorFlow: it has no float64 fused batch norm). They are compared with Kiln's float64 results and
     * printed, not gated: float32 rounding alone puts a correct system past the gradient limit there (Kiln's
     * own float32 gradients were 2.8e-3 off float64 in one run, DL4J's 1.8e-2), which is why the CNN's gate
     * is float64; the line lets a reader see that the timed graph is the same function to float32 accuracy.
     */
    static final String TIMED = "timed32.";

    private record Worst(double difference, String name) {
    }

    /** The worst difference, with nothing gated. */
    private static Worst worst(List<Parameter> parameters, Function<Parameter, INDArray> ours, Arrays32 theirs, String prefix) {
        return worst(parameters, ours, theirs, prefix, Double.POSITIVE_INFINITY, "", new ArrayList<>());
    }

    private static Worst worst(List<Parameter> parameters, Function<Parameter, INDArray> ours, Arrays32 theirs, String prefix,
                               double tolerance, String failure, List<String> failures) {
        double worst = -1;
        String where = "-";
        for (Parameter p : parameters) {
            INDArray mine = ours.apply(p);
            double difference = EquivalenceCheck.relativeDifference(mine, ndarray(theirs.get(prefix + p.name()), mine.shape()));
            if (difference > worst) {
                worst = difference;
                where = p.name();
            }
            if (!(difference <= tolerance)) {
                failures.add(String.format(Locale.ROOT, failure, p.name(), difference));
            }
        }
        return new Worst(worst, where);
    }

    /** Kiln's softmax outputs against the peer's at the batch's size and at batch 1: null when they agree. */
    private static String compareInference(InferenceModel kiln, BenchData batch, Arrays32 theirs) {
        for (String name : new String[]{"inference", "inference1"}) {
            Arrays32.Array peer = theirs.get(name);
            INDArray x = batch.features().get(NDArrayIndex.interval(0, peer.shape()[0])).dup();
            INDArray logits = kiln.forward(x);
            INDArray ours = Losses.softmax(logits, logits.dup());
            double difference = ours.castTo(DataType.DOUBLE).sub(ndarray(peer, ours.shape()).castTo(DataType.DOUBLE))
                    .amaxNumber().doubleValue();
            if (!(difference <= InferenceCheck.TOLERANCE)) {
                return String.format(Locale.ROOT, "inference output differs at batch %d: max |diff| %.2e", peer.shape()[0], difference);
            }
        }
        return null;
    }

    private static Arrays32.Array array(INDArray a) {
        return new Arrays32.Array(a.shape(), a.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }

    private static INDArray ndarray(Arrays32.Array a, long[] shape) {
        return Nd4j.create(a.values(), shape, DataType.FLOAT);
    }
}
