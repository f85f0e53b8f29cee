package dev.kiln.runtime.data.csv;

import java.io.IOException;

/**
 * A table that cannot be loaded as declared: a malformed row, a value that is not a number, a
 * missing value without a policy, an unknown category. The message names the file and, for each
 * problem (up to ten, with the total count), the line and the column. Nothing is returned when it is
 * thrown: a half-loaded table is never used.
 */
public final class TableFormatException extends IOException {
    public TableFormatException(String message) {
        super(message);
    }

    public TableFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
