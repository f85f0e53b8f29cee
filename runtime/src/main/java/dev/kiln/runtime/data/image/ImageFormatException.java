package dev.kiln.runtime.data.image;

import java.io.IOException;

/**
 * An image folder that cannot be loaded as declared: an unreadable or damaged image, one of the
 * wrong size, a folder without images. The message names every file concerned (up to ten, with
 * the count); nothing is returned when it is thrown, so a half-loaded folder is never used.
 */
public final class ImageFormatException extends IOException {
    public ImageFormatException(String message) {
        super(message);
    }
}
