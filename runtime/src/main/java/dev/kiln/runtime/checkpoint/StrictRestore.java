package dev.kiln.runtime.checkpoint;

import dev.kiln.ir.GraphFingerprint;
import dev.kiln.runtime.KilnNet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The checks of {@link Checkpoint#restore}: the checkpoint is of this very model, tensor for tensor. */
final class StrictRestore {
    private final Checkpoint checkpoint;
    private final KilnNet net;

    StrictRestore(Checkpoint checkpoint, KilnNet net) {
        this.checkpoint = checkpoint;
        this.net = net;
    }

    void check() {
        String modelClass = net.getClass().getName();
        if (!modelClass.equals(checkpoint.modelClass())) {
            throw new StateMismatchException(checkpoint.source() + " holds a " + checkpoint.modelClass()
                    + ", not a " + modelClass + "; to load matching layers into another model use"
                    + " Checkpoint.loadMatching", null);
        }
        if (!GraphFingerprint.of(net.graph()).equals(checkpoint.fingerprint())) {
            throw new StateMismatchException(checkpoint.source() + " was saved from another version of "
                    + net.graph().name() + " (graph fingerprint " + checkpoint.fingerprint() + ", the model's is "
                    + GraphFingerprint.of(net.graph()) + ")" + graphDifference(), null);
        }
        if (checkpoint.dataType() != net.dataType()) {
            throw new StateMismatchException(checkpoint.source() + " holds " + checkpoint.metadata().get(Checkpoint.DTYPE_KEY)
                    + " tensors but " + net.graph().name() + " computes in " + net.dataType()
                    + "; create the model with that data type", null);
        }
        LoadReport report = TensorComparison.compare(checkpoint.modelEntries(), ModelTensors.of(net));
        if (!report.exact()) {
            throw new StateMismatchException("cannot restore " + net.graph().name() + " from " + checkpoint.source()
                    + ": " + report, report);
        }
    }

    /** The lines of the saved graph and the model's graph that differ, when the checkpoint carries its graph. */
    private String graphDifference() {
        String saved = checkpoint.metadata().get(Checkpoint.GRAPH_KEY);
        if (saved == null) {
            return "";
        }
        List<String> before = Arrays.asList(saved.split("\n"));
        List<String> now = GraphFingerprint.canonicalText(net.graph());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.max(before.size(), now.size()); i++) {
            String a = i < before.size() ? before.get(i) : "(none)";
            String b = i < now.size() ? now.get(i) : "(none)";
            if (!a.equals(b)) {
                lines.add("saved: " + a + " | model: " + b);
            }
        }
        return "; differences: " + String.join("; ", lines);
    }
}
