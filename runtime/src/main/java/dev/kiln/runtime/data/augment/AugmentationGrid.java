package dev.kiln.runtime.data.augment;

import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchStream;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows what an augmentation does as a PNG grid (JDK ImageIO): one row per example, its original
 * image in the first column and {@code variants} augmented draws after it (draw v is epoch v of
 * {@link Augmented} with the given seed, so the grid is what training with that seed sees). Images
 * are grey (1 channel) or RGB (3), values in [0, 1] (clipped), each pixel drawn as a
 * {@code scale x scale} block with a gap of {@value #GAP} pixels between images.
 */
public final class AugmentationGrid {
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x808080;

    private AugmentationGrid() {
    }

    /** Writes the grid of {@code examples} (all of them, in order) to {@code png}; returns the file. */
    public static Path write(Path png, Dataset examples, Augmentation augmentation, int variants, long seed, int scale)
            throws IOException {
        if (variants < 1 || scale < 1) {
            throw new IllegalArgumentException("an augmentation grid needs at least one variant and a scale of at least 1,"
                    + " got " + variants + " variants and scale " + scale);
        }
        Batches all = Batches.over(examples).batchSize(examples.size()).shuffle(false);
        Augmented augmented = Augmented.of(all, augmentation, seed);
        ImageShape image = ImageShape.of(examples.exampleShape(), augmentation.declaredShape(), "an augmentation grid");
        if (image.channels() != 1 && image.channels() != 3) {
            throw new IllegalArgumentException("an augmentation grid draws grey (1 channel) or RGB (3 channel) images, got "
                    + image.channels() + " channels");
        }
        int cellWidth = image.width() * scale + GAP;
        int cellHeight = image.height() * scale + GAP;
        BufferedImage grid = new BufferedImage(cellWidth * (variants + 1) + GAP, cellHeight * examples.size() + GAP,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                grid.setRGB(x, y, BACKGROUND);
            }
        }
        double[] values = new double[examples.size() * image.size()];
        ArrayValues.read(examples.features(), values);
        draw(grid, values, image, 0, examples.size(), scale);
        for (int v = 1; v <= variants; v++) {
            try (BatchStream epoch = augmented.epoch(v)) {
                Batch batch = epoch.next();
                ArrayValues.read(batch.features(), values);
            }
            draw(grid, values, image, v, examples.size(), scale);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(grid, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JDK's ImageIO to write " + png);
        }
        return png;
    }

    private static void draw(BufferedImage grid, double[] values, ImageShape image, int column, int examples, int scale) {
        for (int e = 0; e < examples; e++) {
            int offset = e * image.size();
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int channel = image.channels() == 1 ? 0 : c;
                        double v = values[offset + channel * image.pixels() + y * image.width() + x];
                        rgb = rgb << 8 | (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                    }
                    int left = GAP + column * (image.width() * scale + GAP) + x * scale;
                    int top = GAP + e * (image.height() * scale + GAP) + y * scale;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            grid.setRGB(left + dx, top + dy, rgb);
                        }
                    }
                }
            }
        }
    }
}
