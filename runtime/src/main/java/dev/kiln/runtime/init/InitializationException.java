package dev.kiln.runtime.init;

/** A data-dependent initialization that cannot go on, naming the layer where it stopped. */
public final class InitializationException extends RuntimeException {
    private final String layer;

    public InitializationException(String layer, String message) {
        super(message);
        this.layer = layer;
    }

    /** The name of the layer that could not be initialized. */
    public String layer() {
        return layer;
    }
}
