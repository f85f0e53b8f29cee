package dev.kiln.ir;

/** A layer cannot take the shape it is given. Carries a hint that says how to fix the model. */
public final class ShapeException extends Exception {
    private final String hint;

    public ShapeException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
