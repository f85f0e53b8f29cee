package dev.kiln.runtime.data.augment;

/** Copies an image with one rectangle, the same in every channel, set to a value: what the erasing steps share. */
final class Rectangle {
    private Rectangle() {
    }

    /** {@code out} is {@code in} with rows [top, top + height) and columns [left, left + width) set to {@code value}. */
    static void erase(double[] in, double[] out, int offset, ImageShape image, int top, int left, int height, int width,
                      double value) {
        System.arraycopy(in, offset, out, offset, image.size());
        for (int c = 0; c < image.channels(); c++) {
            int plane = offset + c * image.pixels();
            for (int y = top; y < top + height; y++) {
                java.util.Arrays.fill(out, plane + y * image.width() + left, plane + y * image.width() + left + width, value);
            }
        }
    }
}
