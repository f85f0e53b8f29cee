package dev.kiln.runtime.data.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes one image file with the JDK's ImageIO (PNG, JPEG, BMP, GIF) into {@link Pixels} in
 * [0, 1]. Grey images are read from their samples (ImageIO's RGB conversion of grey would apply a
 * colour-space curve); colour images through their colour model, alpha dropped. Grey from colour is
 * the ITU-R 601 luma {@code 0.299 R + 0.587 G + 0.114 B}, as Pillow's {@code convert("L")} (without
 * its rounding to 8 bits); colour from grey repeats the grey. A decoder warning (a JPEG cut short
 * decodes to a half-grey picture with only a warning) counts as a damaged file.
 */
final class ImageDecoder {
    private ImageDecoder() {
    }

    /** The image, or a {@link Failure} saying why not. */
    static Pixels decode(Path file, int channels) throws Failure {
        BufferedImage image = read(file);
        Raster raster = image.getRaster();
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && raster.getNumBands() <= 2 && image.getColorModel().getNumColorComponents() == 1;
        int width = image.getWidth();
        int height = image.getHeight();
        float[] values = new float[channels * height * width];
        if (grey) {
            float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) {
                        values[(c * height + y) * width + x] = v;
                    }
                }
            }
        } else {
            int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
            int plane = height * width;
            for (int i = 0; i < plane; i++) {
                float r = ((argb[i] >> 16) & 0xff) / 255f;
                float g = ((argb[i] >> 8) & 0xff) / 255f;
                float b = (argb[i] & 0xff) / 255f;
                if (channels == 1) {
                    values[i] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    values[i] = r;
                    values[plane + i] = g;
                    values[2 * plane + i] = b;
                }
            }
        }
        return new Pixels(channels, height, width, values);
    }

    /** RGB pixels of a file that is known to be good, for tests. */
    static Pixels decodeForTest(Path file) {
        try {
            return decode(file, 3);
        } catch (Failure e) {
            throw new IllegalStateException(file + " " + e.getMessage());
        }
    }

    private static BufferedImage read(Path file) throws Failure {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new Failure("cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Failure("is not an image format ImageIO reads (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(warningsInto(warnings));
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new Failure("is damaged: the " + reader.getFormatName() + " decoder warns " + warnings);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new Failure("is damaged or unreadable (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions on some malformed files.
            throw new Failure("is damaged (" + e + ")");
        }
    }

    private static IIOReadWarningListener warningsInto(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    /** Why an image could not be used, to be reported with its file. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
