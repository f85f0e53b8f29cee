package dev.kiln.runtime;

/** Input that does not fit a model: names the model, the layer and the shapes involved. */
public final class ModelInputException extends IllegalArgumentException {
    public ModelInputException(String message) {
        super(message);
    }
}
