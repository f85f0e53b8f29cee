package dev.kiln.runtime;

/**
 * A model was trained on one thread while another thread used it. Inference from several threads
 * at once is safe; training overlapping anything else is refused, since it would read or write
 * weights and running statistics halfway through an update.
 */
public final class ConcurrentModelUseException extends IllegalStateException {
    public ConcurrentModelUseException(String message) {
        super(message);
    }
}
