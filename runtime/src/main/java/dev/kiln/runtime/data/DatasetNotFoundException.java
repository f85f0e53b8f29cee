package dev.kiln.runtime.data;

/** A dataset that is in none of the places searched; the message lists them and how to get the data. */
public final class DatasetNotFoundException extends RuntimeException {
    public DatasetNotFoundException(String message) {
        super(message);
    }
}
