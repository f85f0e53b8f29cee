package dev.kiln.runtime.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {
    @TempDir
    Path dir;

    private static final Downloader NO_NETWORK = (source, target) -> fail("unexpected download of " + source);

    private static DatasetLocator.Place place(String description, Path directory) {
        return DatasetLocator.Place.fallback(description, directory);
    }

    @Test
    void takesTheFirstPlaceHoldingAllFourFiles() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path partial = dir.resolve("partial");
        IdxFiles.writeTinyFashionMnist(partial, 2, 1, true);
        Files.delete(partial.resolve("t10k-labels-idx1-ubyte.gz"));
        Path second = dir.resolve("second");
        Path third = dir.resolve("third");
        IdxFiles.writeTinyFashionMnist(second, 2, 1, true);
        IdxFiles.writeTinyFashionMnist(third, 2, 1, true);

        FashionMnist fashion = new FashionMnist(List.of(place("unset property", null), place("empty", empty),
                place("partial", partial), place("second", second), place("third", third)), dir.resolve("dl"), NO_NETWORK);

        Map<String, Path> files = fashion.locate();
        assertEquals(List.of(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, FashionMnist.TEST_IMAGES,
                FashionMnist.TEST_LABELS), List.copyOf(files.keySet()));
        for (Path file : files.values()) {
            assertEquals(second, file.getParent());
        }
    }

    @Test
    void acceptsUnpackedFiles() throws IOException {
        IdxFiles.writeTinyFashionMnist(dir, 3, 2, false);
        FashionMnist fashion = new FashionMnist(List.of(place("here", dir)), null, null);
        assertEquals(dir.resolve("train-images-idx3-ubyte"), fashion.locate().get(FashionMnist.TRAIN_IMAGES));
        assertEquals(3, fashion.loadSplits(DataType.FLOAT).train().size());
    }

    @Test
    void downloadsWhatIsMissingWhenNoPlaceHasTheData() throws IOException {
        Path source = dir.resolve("server");
        IdxFiles.writeTinyFashionMnist(source, 2, 1, true);
        Path target = dir.resolve("cache");
        List<URI> requested = new ArrayList<>();
        Downloader fromDisk = (uri, partialFile) -> {
            requested.add(uri);
            String name = Path.of(uri.getPath()).getFileName().toString();
            Files.copy(source.resolve(name), partialFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        };
        // One file is already in the cache from an earlier, interrupted run: it is not fetched again.
        Files.createDirectories(target);
        Files.copy(source.resolve("train-labels-idx1-ubyte.gz"), target.resolve("train-labels-idx1-ubyte.gz"));

        FashionMnist fashion = new FashionMnist(List.of(place("nowhere", dir.resolve("missing"))), target, fromDisk);
        Map<String, Path> files = fashion.locate();

        assertEquals(3, requested.size());
        assertEquals(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"),
                requested.get(0));
        assertEquals(target.resolve("t10k-labels-idx1-ubyte.gz"), files.get(FashionMnist.TEST_LABELS));
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(4, left.count(), "only the four data files, no partial downloads");
        }
    }

    @Test
    void failureMessageListsEveryPlaceInOrderAndHowToGetTheData() throws IOException {
        Path partial = dir.resolve("partial");
        IdxFiles.writeTinyFashionMnist(partial, 2, 1, true);
        Files.delete(partial.resolve("train-images-idx3-ubyte.gz"));
        Path cache = dir.resolve("cache");
        Downloader offline = (uri, target) -> {
            Files.writeString(target, "half a file");
            throw new java.net.ConnectException("network unreachable");
        };
        FashionMnist fashion = new FashionMnist(List.of(
                DatasetLocator.Place.configured("system property kiln.data.fashionmnist", null),
                place(dir.resolve("nonexistent").toString(), dir.resolve("nonexistent")),
                place(partial.toString(), partial)), cache, offline);

        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, fashion::locate);
        String message = e.getMessage();
        String[] lines = message.split("\n");
        assertEquals("Fashion-MNIST not found. Looked in, in this order:", lines[0]);
        assertEquals("  1. system property kiln.data.fashionmnist: not set", lines[1]);
        assertEquals("  2. " + dir.resolve("nonexistent") + ": no such directory", lines[2]);
        assertEquals("  3. " + partial + ": missing train-images-idx3-ubyte.gz", lines[3]);
        assertTrue(lines[4].startsWith("  4. download from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ into "
                + cache + ": failed: java.net.ConnectException: network unreachable"), lines[4]);
        assertTrue(lines[5].contains("apt-get install dataset-fashion-mnist"), lines[5]);
        assertTrue(lines[5].contains("-Dkiln.data.fashionmnist=DIR"), lines[5]);
        assertTrue(lines[5].contains("KILN_FASHION_MNIST=DIR"), lines[5]);
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(0, left.count(), "a failed download leaves no partial file behind");
        }
    }

    @Test
    void standardSearchOrderHonoursThePropertyFirst() throws IOException {
        IdxFiles.writeTinyFashionMnist(dir, 4, 2, true);
        String before = System.getProperty(FashionMnist.PROPERTY);
        System.setProperty(FashionMnist.PROPERTY, dir.toString());
        try {
            assertEquals(dir, FashionMnist.standard().locate().get(FashionMnist.TEST_IMAGES).getParent());
        } finally {
            if (before == null) {
                System.clearProperty(FashionMnist.PROPERTY);
            } else {
                System.setProperty(FashionMnist.PROPERTY, before);
            }
        }
    }

    /** A directory the user set that does not hold the data is an error naming the setting, even with a copy elsewhere. */
    @Test
    void aConfiguredDirectoryThatDoesNotHoldTheDataIsAnErrorNamingTheSetting() throws IOException {
        Path copy = dir.resolve("copy");
        IdxFiles.writeTinyFashionMnist(copy, 2, 1, true);
        Path typo = dir.resolve("fashoin");
        FashionMnist fashion = new FashionMnist(List.of(DatasetLocator.Place.configured("system property kiln.data.fashionmnist", typo),
                place(copy.toString(), copy)), dir.resolve("dl"), NO_NETWORK);
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, fashion::locate);
        assertTrue(e.getMessage().startsWith("Fashion-MNIST: system property kiln.data.fashionmnist names " + typo
                + ", which does not hold the data set: no such directory. Fix the setting or unset it"), e.getMessage());

        Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
        DatasetNotFoundException missing = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.read(incomplete, DataType.FLOAT));
        assertTrue(missing.getMessage().contains("the directory given to FashionMnist.read names " + incomplete
                + ", which does not hold the data set: missing train-images-idx3-ubyte.gz"), missing.getMessage());
    }

    @Test
    void integerFeatureTypesAreRefusedRatherThanTruncatedToZero() throws IOException {
        IdxFiles.writeTinyFashionMnist(dir, 3, 2, true);
        for (DataType type : List.of(DataType.INT, DataType.LONG, DataType.UBYTE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.read(dir, type));
            assertTrue(e.getMessage().contains("need a floating-point type") && e.getMessage().contains(type.toString())
                    && e.getMessage().contains("IdxReader"), e.getMessage());
        }
        assertEquals(DataType.HALF, FashionMnist.read(dir, DataType.HALF).train().features().dataType());
    }

    @Test
    void scalesPixelsAndEncodesLabels() throws IOException {
        IdxFiles.writeTinyFashionMnist(dir, 3, 2, true);
        FashionMnist.Splits splits = FashionMnist.read(dir, DataType.DOUBLE);
        INDArray x = splits.train().features();
        assertEquals(DataType.DOUBLE, x.dataType());
        assertArrayEquals(new long[] {3, 784}, x.shape());
        assertArrayEquals(new long[] {2, 10}, splits.test().targets().shape());
        // IdxFiles writes pixel i as (7i) mod 256 and label i as (3i) mod 10.
        assertEquals(7 * 5 / 255.0, x.getDouble(0, 5), 0.0);
        assertEquals(((784 + 40) * 7 % 256) / 255.0, x.getDouble(1, 40), 0.0);
        assertEquals(1.0, splits.train().targets().getDouble(1, 3));
        assertEquals(1.0, splits.train().targets().getDouble(2, 6));
        assertEquals(3.0, splits.train().targets().sumNumber().doubleValue());
        assertEquals("Ankle boot", splits.classNames().get(9));
        assertEquals(DataType.FLOAT, FashionMnist.read(dir, DataType.FLOAT).test().features().dataType());
    }

    @Test
    void loadsTheRealDataWhenInstalled() throws IOException {
        Path installed = FashionMnist.SYSTEM_DIRECTORY;
        assumeTrue(Files.isRegularFile(installed.resolve("train-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed in " + installed);
        FashionMnist.Splits splits = FashionMnist.read(installed, DataType.FLOAT);
        Dataset train = splits.train();
        Dataset test = splits.test();
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        for (Dataset split : List.of(train, test)) {
            assertArrayEquals(new long[] {split.size(), 784}, split.features().shape());
            assertEquals(0.0, split.features().minNumber().doubleValue());
            assertEquals(1.0, split.features().maxNumber().doubleValue());
            INDArray targets = split.targets();
            assertArrayEquals(new long[] {split.size(), 10}, targets.shape());
            // One-hot: entries 0 or 1 and one 1 per row.
            assertEquals(split.size(), targets.sumNumber().doubleValue());
            assertEquals(split.size(), targets.eq(1.0).castTo(DataType.INT).sumNumber().intValue());
            assertEquals(split.size() * 9L, targets.eq(0.0).castTo(DataType.INT).sumNumber().longValue());
        }
        // Read the first label and the first image straight from the files, without IdxReader.
        int firstLabel;
        byte[] firstImage;
        try (DataInputStream labels = gunzip(installed.resolve("train-labels-idx1-ubyte.gz"));
             DataInputStream images = gunzip(installed.resolve("t10k-images-idx3-ubyte.gz"))) {
            labels.skipNBytes(8);
            firstLabel = labels.readUnsignedByte();
            images.skipNBytes(16);
            firstImage = images.readNBytes(784);
        }
        assertEquals(firstLabel, train.targets().getRow(0).argMax().getInt(0));
        assertEquals(1.0, train.targets().getDouble(0, firstLabel));
        for (int p = 0; p < 784; p++) {
            assertEquals((firstImage[p] & 0xff) / 255f, test.features().getFloat(0, p), 0f, "pixel " + p);
        }
    }

    private static DataInputStream gunzip(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(in));
    }
}
