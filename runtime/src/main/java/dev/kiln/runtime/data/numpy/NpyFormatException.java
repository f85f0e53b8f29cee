package dev.kiln.runtime.data.numpy;

import java.io.IOException;

/** A file or zip entry that is not a .npy array Kiln can read: the message names it and what is wrong. */
public final class NpyFormatException extends IOException {
    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
