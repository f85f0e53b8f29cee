package dev.kiln.ir;

/**
 * A layer cannot take the shape it is given. Carries a hint that says how to fix the model, and
 * the annotation attribute that causes the problem (null when it is the layer as a whole).
 */
public final class ShapeException extends Exception {
    private final String hint;
    private final String attribute;

    public ShapeException(String message, String hint) {
        this(message, hint, null);
    }

    public ShapeException(String message, String hint, String attribute) {
        super(message);
        this.hint = hint;
        this.attribute = attribute;
    }

    public String hint() {
        return hint;
    }

    /** The attribute of the layer's annotation to report the problem at, or null. */
    public String attribute() {
        return attribute;
    }
}
