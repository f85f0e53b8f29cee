package dev.kiln.runtime.data.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    @TempDir
    Path root;

    /** A width x height RGB image whose pixel (x, y) is (10x + y, 20y, 7x + 3y) in 0..255. */
    private static BufferedImage rgb(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (red(x, y) << 16) | (green(y) << 8) | blue(x, y));
            }
        }
        return image;
    }

    private static int red(int x, int y) {
        return 10 * x + y;
    }

    private static int green(int y) {
        return 20 * y;
    }

    private static int blue(int x, int y) {
        return 7 * x + 3 * y;
    }

    /** A grey image whose pixel (x, y) is 30x + 5y. */
    private static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, 30 * x + 5 * y);
            }
        }
        return image;
    }

    private Path write(String classFolder, String name, BufferedImage image, String format) throws IOException {
        Path folder = Files.createDirectories(root.resolve(classFolder));
        Path file = folder.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "ImageIO wrote " + format);
        return file;
    }

    @Test
    void rgbPngsBecomeNchwInUnitRangeWithClassesInSortedOrder() throws IOException {
        write("cat", "b.png", rgb(4, 3), "png");
        write("cat", "a.png", rgb(4, 3), "png");
        write("ant", "z.png", rgb(4, 3), "png");
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "not an image");
        Files.writeString(root.resolve("cat").resolve(".hidden.png"), "ignored");
        ImageData data = ImageFolder.of(root).rgb().load();
        assertEquals(List.of("ant", "cat"), data.classNames());
        assertEquals(List.of(root.resolve("ant/z.png"), root.resolve("cat/a.png"), root.resolve("cat/b.png")), data.files());
        assertEquals(1, data.skippedFiles());
        INDArray x = data.dataset().features();
        assertArrayEquals(new long[] {3, 3, 3, 4}, x.shape());
        assertEquals(DataType.FLOAT, x.dataType());
        assertEquals(red(3, 2) / 255f, x.getFloat(1, 0, 2, 3), 0f);
        assertEquals(green(1) / 255f, x.getFloat(1, 1, 1, 0), 0f);
        assertEquals(blue(2, 1) / 255f, x.getFloat(2, 2, 1, 2), 0f);
        assertArrayEquals(new double[][] {{1, 0}, {0, 1}, {0, 1}}, data.dataset().targets().toDoubleMatrix());
    }

    @Test
    void greyFromColourIsTheLumaAndColourFromGreyRepeatsIt() throws IOException {
        write("c", "colour.png", rgb(4, 3), "png");
        write("g", "grey.png", grey(4, 3), "png");
        INDArray asGrey = ImageFolder.of(root).grayscale().load().dataset().features();
        assertArrayEquals(new long[] {2, 1, 3, 4}, asGrey.shape());
        double luma = (0.299 * red(1, 2) + 0.587 * green(2) + 0.114 * blue(1, 2)) / 255;
        assertEquals(luma, asGrey.getDouble(0, 0, 2, 1), 1e-6);
        assertEquals((30 * 3 + 5) / 255f, asGrey.getFloat(1, 0, 1, 3), 0f, "grey samples read as they are");
        INDArray asColour = ImageFolder.of(root).rgb().load().dataset().features();
        for (int c = 0; c < 3; c++) {
            assertEquals((30 * 2 + 5 * 2) / 255f, asColour.getFloat(1, c, 2, 2), 0f);
        }
    }

    @Test
    void palette16BitJpegAndBmpFilesRead() throws IOException {
        byte[] levels = {0, (byte) 128, (byte) 255};
        IndexColorModel palette = new IndexColorModel(2, 3, levels, new byte[] {0, 0, (byte) 255}, new byte[3]);
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(1, 0, 0, 2);
        write("p", "palette.png", indexed, "png");
        BufferedImage deep = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 1, 0, 65535);
        deep.getRaster().setSample(1, 1, 0, 32768);
        write("q", "deep.png", deep, "png");
        write("r", "photo.jpg", rgb(2, 2), "jpg");
        write("s", "bitmap.bmp", rgb(2, 2), "bmp");
        INDArray x = ImageFolder.of(root).rgb().load().dataset().features();
        assertArrayEquals(new float[] {1, 1, 0}, new float[] {x.getFloat(0, 0, 0, 1), x.getFloat(0, 1, 0, 1),
                x.getFloat(0, 2, 0, 1)}, 0f, "palette entry 2: red 255, green 255, blue 0");
        INDArray grey = ImageFolder.of(root).grayscale().load().dataset().features();
        assertEquals(1f, grey.getFloat(1, 0, 1, 0), 0f);
        assertEquals(32768 / 65535f, grey.getFloat(1, 0, 1, 1), 0f, "16-bit samples over 65535");
        // JPEG is lossy: the decoded pixel is near the written one.
        assertEquals(red(1, 1) / 255f, x.getFloat(2, 0, 1, 1), 12 / 255f);
        assertEquals(blue(1, 0) / 255f, x.getFloat(3, 2, 0, 1), 0f, "BMP is exact");
    }

    @Test
    void fitModesBringImagesToTheDeclaredSize() throws IOException {
        write("a", "wide.png", rgb(6, 4), "png");
        write("a", "small.png", rgb(2, 2), "png");
        ImageFormatException exact = assertThrows(ImageFormatException.class, () -> ImageFolder.of(root).size(4, 6).load());
        assertTrue(exact.getMessage().contains(root.resolve("a/small.png") + " is 2x2 (width x height) but the images"
                + " are 6x4"), exact.getMessage());
        ImageFormatException unset = assertThrows(ImageFormatException.class, () -> ImageFolder.of(root).load());
        assertTrue(unset.getMessage().contains("wide.png is 6x4 (width x height) but the images are 2x2, the size of"
                + " the first"), unset.getMessage());
        INDArray resized = ImageFolder.of(root).size(2, 3).fit(Fit.RESIZE).load().dataset().features();
        assertArrayEquals(new long[] {2, 3, 2, 3}, resized.shape());
        ImageFormatException small = assertThrows(ImageFormatException.class,
                () -> ImageFolder.of(root).size(3, 3).fit(Fit.CENTRE_CROP).load());
        assertTrue(small.getMessage().contains("small.png is 2x2, smaller than the 3x3 to crop"), small.getMessage());
        INDArray cropped = ImageFolder.of(root).size(2, 2).fit(Fit.CENTRE_CROP).load().dataset().features();
        // wide.png is the second file; its centre 2x2 starts at x = 2, y = 1.
        assertEquals(red(2, 1) / 255f, cropped.getFloat(1, 0, 0, 0), 0f);
        assertEquals(green(2) / 255f, cropped.getFloat(1, 1, 1, 1), 0f);
        INDArray covered = ImageFolder.of(root).size(2, 2).fit(Fit.RESIZE_THEN_CROP).load().dataset().features();
        // 6x4 resized to 3x2 keeps the aspect ratio, then its centre 2x2 is cut out.
        Pixels expected = Resampling.centreCrop(Resampling.resize(ImageDecoder.decodeForTest(root.resolve("a/wide.png")),
                2, 3), 2, 2);
        assertArrayEquals(expected.values(), covered.slice(1).dup().reshape(12).toFloatVector(), 0f);
    }

    @Test
    void standardizedAndFlattenedFeatures() throws IOException {
        write("a", "x.png", rgb(2, 2), "png");
        INDArray x = ImageFolder.of(root).standardize(new double[] {0.5, 0.25, 0}, new double[] {0.5, 2, 0.1})
                .flatten().dataType(DataType.DOUBLE).load().dataset().features();
        assertArrayEquals(new long[] {1, 12}, x.shape());
        assertEquals((red(1, 1) / 255f - 0.5f) / 0.5f, x.getDouble(0, 3), 1e-6);
        assertEquals((green(1) / 255f - 0.25f) / 2f, x.getDouble(0, 4 + 2), 1e-6);
        assertEquals((blue(1, 0) / 255f) / 0.1f, x.getDouble(0, 8 + 1), 1e-5);
        assertThrows(IllegalStateException.class, () -> ImageFolder.of(root).grayscale()
                .standardize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).load());
    }

    @Test
    void theTestFolderUsesTheTrainingClassOrder() throws IOException {
        Path train = Files.createDirectories(root.resolve("train"));
        Path test = Files.createDirectories(root.resolve("test"));
        for (String c : List.of("b", "a", "c")) {
            Files.createDirectories(train.resolve(c));
            ImageIO.write(rgb(2, 2), "png", train.resolve(c).resolve("1.png").toFile());
        }
        Files.createDirectories(test.resolve("c"));
        ImageIO.write(rgb(2, 2), "png", test.resolve("c").resolve("1.png").toFile());
        ImageData fitted = ImageFolder.of(train).load();
        ImageData tested = ImageFolder.of(test).classes(fitted.classNames()).load();
        assertEquals(List.of("a", "b", "c"), tested.classNames());
        assertArrayEquals(new double[][] {{0, 0, 1}}, tested.dataset().targets().toDoubleMatrix());
        Files.createDirectories(test.resolve("d"));
        ImageFormatException unknown = assertThrows(ImageFormatException.class,
                () -> ImageFolder.of(test).classes(fitted.classNames()).load());
        assertTrue(unknown.getMessage().contains("subfolder 'd' is not one of the classes [a, b, c]"), unknown.getMessage());
    }

    @Test
    void damagedUnreadableAndMisplacedFilesAreReportedByPath() throws IOException {
        Path good = write("a", "good.png", rgb(5, 5), "png");
        byte[] png = Files.readAllBytes(good);
        Files.write(root.resolve("a/cut.png"), Arrays.copyOf(png, png.length / 2));
        Files.write(root.resolve("a/noise.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.write(root.resolve("a/empty.jpg"), new byte[0]);
        Path jpeg = write("b", "photo.jpg", rgb(16, 16), "jpg");
        byte[] jpg = Files.readAllBytes(jpeg);
        Files.write(jpeg, Arrays.copyOf(jpg, jpg.length - 120));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFolder.of(root).load());
        String message = e.getMessage();
        assertTrue(message.startsWith(root + ": 4 of 5 images cannot be used:"), message);
        assertTrue(message.contains(root.resolve("a/cut.png") + " is damaged"), message);
        assertTrue(message.contains(root.resolve("a/noise.png") + " is not an image format ImageIO reads"), message);
        assertTrue(message.contains(root.resolve("a/empty.jpg") + " is not an image format"), message);
        assertTrue(message.contains(root.resolve("b/photo.jpg") + " is damaged"), message);

        Path other = Files.createDirectories(root.resolve("other"));
        assertTrue(assertThrows(ImageFormatException.class, () -> ImageFolder.of(other).load()).getMessage()
                .contains("holds no images"));
        Files.createDirectories(other.resolve("empty"));
        assertTrue(assertThrows(ImageFormatException.class, () -> ImageFolder.of(other).load()).getMessage()
                .contains(other.resolve("empty") + ": holds no image"));
        ImageIO.write(rgb(2, 2), "png", other.resolve("loose.png").toFile());
        assertTrue(assertThrows(ImageFormatException.class, () -> ImageFolder.of(other).load()).getMessage()
                .contains("loose.png: an image directly in the root"));
        assertEquals(root.resolve("absent") + ": no such folder",
                assertThrows(ImageFormatException.class, () -> ImageFolder.of(root.resolve("absent")).load()).getMessage());
    }
}
