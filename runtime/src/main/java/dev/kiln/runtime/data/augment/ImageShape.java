package dev.kiln.runtime.data.augment;

import org.jspecify.annotations.Nullable;
import java.util.Arrays;

/**
 * The NCHW geometry of one example's image: {@code channels} planes of {@code height} rows of
 * {@code width} pixels, stored plane after plane, row after row (pixel (c, y, x) of example e at
 * {@code e·C·H·W + c·H·W + y·W + x}).
 */
record ImageShape(int channels, int height, int width) {
    ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("an image shape needs at least one channel, row and column, got "
                    + channels + "x" + height + "x" + width);
        }
    }

    int pixels() {
        return height * width;
    }

    int size() {
        return channels * height * width;
    }

    /**
     * The image shape of examples shaped {@code exampleShape} (without the batch dimension): {@code [C, H, W]}
     * itself, or flat {@code [C·H·W]} rows read as the {@code declared} shape. {@code what} names the
     * transform that needs images, for the error when the examples are none.
     */
    static ImageShape of(long[] exampleShape, @Nullable ImageShape declared, String what) {
        if (declared != null) {
            long values = Arrays.stream(exampleShape).reduce(1, Math::multiplyExact);
            if (values != declared.size()) {
                throw new IllegalArgumentException(what + ": the examples are " + shape(exampleShape) + " (" + values
                        + " values) but the declared image shape " + declared + " holds " + declared.size());
            }
            return declared;
        }
        if (exampleShape.length == 3) {
            return new ImageShape(Math.toIntExact(exampleShape[0]), Math.toIntExact(exampleShape[1]),
                    Math.toIntExact(exampleShape[2]));
        }
        String hint = exampleShape.length == 1
                ? "; if each row is a flattened image, declare its shape, e.g. .imageShape(1, 28, 28) for "
                + "[N, 784] Fashion-MNIST rows"
                : "";
        throw new IllegalArgumentException(what + " needs images [N, C, H, W], but the batches hold [N, "
                + Arrays.toString(exampleShape).replaceAll("[\\[\\]]", "") + "]" + hint);
    }

    private static String shape(long[] exampleShape) {
        return "[N, " + Arrays.toString(exampleShape).replaceAll("[\\[\\]]", "") + "]";
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
