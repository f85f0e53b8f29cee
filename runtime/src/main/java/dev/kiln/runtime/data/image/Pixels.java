package dev.kiln.runtime.data.image;

/**
 * One decoded image as floats in [0, 1], channel-major: {@code values[(c * height + y) * width + x]}.
 *
 * @param channels 1 (grey) or 3 (red, green, blue)
 */
record Pixels(int channels, int height, int width, float[] values) {
    Pixels {
        if (values.length != channels * height * width) {
            throw new IllegalArgumentException(channels + "x" + height + "x" + width + " pixels need "
                    + channels * height * width + " values, got " + values.length);
        }
    }

    /** {@code width x height}, as image sizes are usually written. */
    String size() {
        return width + "x" + height;
    }
}
