package dev.kiln.ir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A stable hash of what a model computes: the input shape, the loss, and for every node its name,
 * kind, inputs, one-line description (units, kernel, activation, eps, rate...) and output shape.
 * Initializers and training settings are left out: they decide where training starts, not what
 * the saved weights mean. Checkpoints carry it so that weights are never loaded into a model that
 * would read them differently. The text it hashes is {@link #canonicalText}, so a mismatch can be
 * explained line by line.
 */
public final class GraphFingerprint {
    private GraphFingerprint() {
    }

    /** SHA-256 of {@link #canonicalText}, as 64 lowercase hex digits. */
    public static String of(ModelGraph graph) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(String.join("\n", canonicalText(graph)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** One line for the input and loss, then one per node: {@code index name kind <- inputs: description -> shape}. */
    public static List<String> canonicalText(ModelGraph graph) {
        ShapeInference.Result shapes = ShapeInference.infer(graph);
        if (!shapes.ok()) {
            throw new IllegalArgumentException("model " + graph.name() + " has shape problems, so it has no fingerprint: "
                    + shapes.problems());
        }
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        lines.add("input " + graph.input() + " loss " + graph.loss());
        for (Node node : graph.nodes()) {
            lines.add(node.index() + " " + node.name() + " " + node.layer().kind() + " <- " + node.inputs() + ": "
                    + node.layer().describe(shapes.inputOf(node)) + " -> " + shapes.outputOf(node));
        }
        return lines;
    }
}
