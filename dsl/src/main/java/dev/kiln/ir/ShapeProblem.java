package dev.kiln.ir;

/**
 * A shape error found by inference: the node it concerns ({@code null} for the model as a whole),
 * what is wrong, how to fix it, and the attribute of the node's annotation that causes it (null
 * for the annotation as a whole).
 */
public record ShapeProblem(Node node, Kind kind, String message, String hint, String attribute) {

    public ShapeProblem(Node node, Kind kind, String message, String hint) {
        this(node, kind, message, hint, null);
    }

    public enum Kind {
        /** A layer cannot take its input. */
        LAYER_INPUT,
        /** The loss does not fit the output of the last layer. */
        LOSS_OUTPUT,
        /** The model input shape is missing or has a non-positive dimension. */
        MODEL_INPUT,
        /** The model has no layers. */
        EMPTY_MODEL
    }
}
