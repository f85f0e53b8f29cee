package dev.kiln.samples.images;

import dev.kiln.runtime.data.Dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes examples of a 28x28 grey data set (features [N, 784] in [0, 1], one-hot targets) as an
 * image folder: {@code root/<class>/<row>.png}, the first {@code perClass} examples of each class.
 * Class folders are named {@code <index>_<name>} so that their sorted order is the class order.
 */
final class PngFolders {
    private PngFolders() {
    }

    /** Folder names for class names: index prefix, characters a file name cannot hold replaced. */
    static List<String> folderNames(List<String> classNames) {
        return java.util.stream.IntStream.range(0, classNames.size())
                .mapToObj(c -> c + "_" + classNames.get(c).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))
                .toList();
    }

    /** Returns the number of images written. */
    static int write(Dataset data, Path root, List<String> folders, int perClass) throws IOException {
        int[] written = new int[folders.size()];
        int total = 0;
        for (String folder : folders) {
            Files.createDirectories(root.resolve(folder));
        }
        float[] pixels = new float[784];
        for (int row = 0; row < data.size() && total < perClass * folders.size(); row++) {
            int label = data.targets().getRow(row).argMax().getInt(0);
            if (written[label] >= perClass) {
                continue;
            }
            for (int i = 0; i < 784; i++) {
                pixels[i] = data.features().getFloat(row, i);
            }
            Path file = root.resolve(folders.get(label)).resolve(String.format(Locale.ROOT, "%05d.png", row));
            if (!ImageIO.write(grey(pixels), "png", file.toFile())) {
                throw new IOException("no PNG writer for " + file);
            }
            written[label]++;
            total++;
        }
        return total;
    }

    private static BufferedImage grey(float[] pixels) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                raster.setSample(x, y, 0, Math.round(pixels[y * 28 + x] * 255));
            }
        }
        return image;
    }
}
