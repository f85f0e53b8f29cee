package dev.kiln.runtime.checkpoint;

import java.io.IOException;

/**
 * A file that is not a whole, intact checkpoint: truncated, corrupted (a checksum or the layout does
 * not match), not a safetensors file at all, or one whose header holds values no valid file has.
 * Nothing was loaded from it.
 */
public class CheckpointFormatException extends IOException {
    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
