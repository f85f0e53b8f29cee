package dev.kiln.runtime.data;

import java.io.IOException;

/** A file that is not a well-formed IDX file: the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {
    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
