package dev.kiln.runtime.data.image;

/** How an image whose size differs from the declared one is brought to it. */
public enum Fit {
    /** Not at all: an image of another size is an error naming it. The default. */
    EXACT,
    /** Resized to the declared height and width, the aspect ratio not kept (bilinear, antialiased). */
    RESIZE,
    /** The centre region of the declared size is cut out; an image smaller than it is an error. */
    CENTRE_CROP,
    /** Resized, keeping the aspect ratio, until it covers the declared size, then centre-cropped to it. */
    RESIZE_THEN_CROP
}
