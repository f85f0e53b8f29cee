package dev.kiln.ir;

import dev.kiln.dsl.Loss;

import java.util.Arrays;

/**
 * A shape error found by inference: the node it concerns ({@code null} for the model as a whole),
 * what is wrong, how to fix it, and the attribute of the node's annotation that causes it (null
 * for the annotation as a whole). A problem of the model as a whole also carries its
 * {@code details}, the pieces its message is made of, so that a message catalog can word them in
 * its own format; null for the other kinds.
 */
public record ShapeProblem(Node node, Kind kind, String message, String hint, String attribute, Details details) {

    public ShapeProblem(Node node, Kind kind, String message, String hint, String attribute) {
        this(node, kind, message, hint, attribute, null);
    }

    public ShapeProblem(Node node, Kind kind, String message, String hint) {
        this(node, kind, message, hint, null);
    }

    /** A {@link Kind#MODEL_INPUT} problem, its message made of {@code input}. */
    static ShapeProblem of(InputDetails input, String hint) {
        return new ShapeProblem(null, Kind.MODEL_INPUT, input.message(), hint, null, input);
    }

    /** A {@link Kind#LOSS_OUTPUT} problem at the model's output node, its message made of {@code loss}. */
    static ShapeProblem of(Node output, LossDetails loss, String hint) {
        return new ShapeProblem(output, Kind.LOSS_OUTPUT, loss.message(), hint, null, loss);
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

    /** The pieces of a problem's message. */
    public sealed interface Details permits InputDetails, LossDetails {
        /** The message as the IR words it, for problems reported outside the processor. */
        String message();
    }

    /**
     * A model input no model can take: the model's name, its input shape as declared and why,
     * e.g. {@code "every dimension must be positive and there must be at least one"}.
     */
    public record InputDetails(String model, Shape input, String reason) implements Details {
        /** The shape as the model declares it, without the batch dimension: {@code [28, 0]}. */
        public String declared() {
            return Arrays.toString(input.dims());
        }

        @Override
        public String message() {
            return "model " + model + " has input shape " + declared() + ": " + reason;
        }
    }

    /**
     * A loss the model's output does not fit: the model's name, the loss, what the loss needs of the
     * output ({@code "output [n,units]"}, {@code "at least 2 output units"}), the output layer and the
     * shape it gives.
     */
    public record LossDetails(String model, Loss loss, String needs, String layer, Shape output) implements Details {
        @Override
        public String message() {
            return "loss " + loss + " needs " + needs + " but layer '" + layer + "' gives " + output;
        }
    }
}
