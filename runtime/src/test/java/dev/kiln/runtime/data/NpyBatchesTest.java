package dev.kiln.runtime.data;

import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyBatchesTest {
    @TempDir
    Path dir;

    /** Row r of the features is (r, 1000 + r, 2000 + r) in float64; its label is r % 3 (int64). */
    private NpyBatches numbered(int n) throws IOException {
        INDArray features = Nd4j.create(DataType.DOUBLE, n, 3);
        INDArray labels = Nd4j.create(DataType.LONG, n);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 3; c++) {
                features.putScalar(r, c, 1000 * c + r);
            }
            labels.putScalar(r, r % 3);
        }
        Npy.write(dir.resolve("x.npy"), features);
        Npy.write(dir.resolve("y.npy"), labels);
        return NpyBatches.of(dir.resolve("x.npy"), dir.resolve("y.npy")).classes(3);
    }

    /** The rows of one epoch in order, each batch checked against the row numbering. */
    private static List<Integer> visit(BatchSource source, int epoch, List<Integer> sizes) {
        List<Integer> visited = new ArrayList<>();
        try (BatchStream stream = source.epoch(epoch)) {
            int index = 0;
            while (stream.hasNext()) {
                Batch batch = stream.next();
                assertEquals(epoch, batch.epoch());
                assertEquals(index++, batch.index());
                sizes.add(batch.size());
                for (int j = 0; j < batch.size(); j++) {
                    int row = batch.indices()[j];
                    visited.add(row);
                    assertEquals(row, batch.features().getDouble(j, 0), 0.0);
                    assertEquals(2000 + row, batch.features().getDouble(j, 2), 0.0);
                    assertEquals(1.0, batch.targets().getDouble(j, row % 3), 0.0);
                    assertEquals(1.0, batch.targets().getRow(j).sumNumber().doubleValue(), 0.0);
                }
            }
        }
        return visited;
    }

    @Test
    void everyEpochIsAPermutationOfTheRowsIncludingTheShortLastBatch() throws IOException {
        NpyBatches source = numbered(103).batchSize(10).chunkRows(8).windowChunks(3).prefetch(2).seed(42);
        assertEquals(11, source.batchesPerEpoch());
        assertArrayEquals(new long[] {3}, source.exampleShape());
        assertEquals(3, source.targetColumns());
        List<List<Integer>> orders = new ArrayList<>();
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> order = visit(source, epoch, sizes);
            assertEquals(IntStream.range(0, 103).boxed().toList(), order.stream().sorted().toList());
            assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3), sizes);
            orders.add(order);
        }
        assertNotEquals(orders.get(0), orders.get(1), "each epoch is reshuffled");
        assertEquals(orders.get(1), visit(source, 2, new ArrayList<>()), "an epoch's order depends on (seed, epoch) alone");
        NpyBatches same = numbered(103).batchSize(10).chunkRows(8).windowChunks(3).prefetch(2).seed(42);
        assertEquals(orders.get(2), visit(same, 3, new ArrayList<>()));
        NpyBatches other = numbered(103).batchSize(10).chunkRows(8).windowChunks(3).prefetch(2).seed(43);
        assertNotEquals(orders.get(2), visit(other, 3, new ArrayList<>()));
    }

    @Test
    void rowsMixWithinAWindowOfChunksAndUnshuffledEpochsFollowTheFile() throws IOException {
        NpyBatches source = numbered(100).batchSize(5).chunkRows(10).windowChunks(2).seed(1);
        List<Integer> order = visit(source, 1, new ArrayList<>());
        for (int window = 0; window < 5; window++) {
            Set<Integer> chunks = new HashSet<>();
            order.subList(20 * window, 20 * window + 20).forEach(row -> chunks.add(row / 10));
            assertEquals(2, chunks.size(), "window " + window + " holds the rows of two chunks: " + chunks);
        }
        NpyBatches sequential = numbered(100).batchSize(7).shuffle(false).dropLast(true);
        List<Integer> sizes = new ArrayList<>();
        assertEquals(IntStream.range(0, 98).boxed().toList(), visit(sequential, 1, sizes));
        assertEquals(14, sizes.size());
        assertEquals(98, sequential.examplesPerEpoch());
    }

    @Test
    void valuesConvertToTheBatchTypeWithAScale() throws IOException {
        INDArray pixels = Nd4j.create(new double[][] {{0, 51, 255}, {102, 204, 1}}).castTo(DataType.UBYTE);
        INDArray targets = Nd4j.create(new double[][] {{0.5}, {-2}});
        Npy.write(dir.resolve("pixels.npy"), pixels);
        Npy.write(dir.resolve("t.npy"), targets);
        NpyBatches source = NpyBatches.of(dir.resolve("pixels.npy"), dir.resolve("t.npy")).scale(1 / 255.0)
                .shuffle(false).batchSize(2);
        try (BatchStream stream = source.epoch(1)) {
            Batch batch = stream.next();
            assertEquals(DataType.FLOAT, batch.features().dataType());
            assertArrayEquals(new float[] {0, 0.2f, 1, 0.4f, 0.8f, 1 / 255f}, batch.features().reshape(6).toFloatVector(),
                    1e-7f);
            assertArrayEquals(new float[] {0.5f, -2}, batch.targets().reshape(2).toFloatVector(), 0f);
            assertFalse(stream.hasNext());
        }
    }

    @Test
    void closingEarlyStopsTheReaderAndTheNextEpochStartsCleanly() throws IOException, InterruptedException {
        NpyBatches source = numbered(500).batchSize(4).prefetch(1).chunkRows(16);
        BatchStream stream = source.epoch(1);
        stream.next();
        assertThrows(IllegalStateException.class, () -> source.epoch(2), "one open epoch at a time");
        stream.close();
        assertFalse(stream.hasNext());
        Thread.sleep(50);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("kiln-prefetch")
                && t.isAlive()), "no reader thread left");
        assertEquals(500, visit(source, 2, new ArrayList<>()).size());
    }

    @Test
    void aLabelOutOfRangeFailsTheStepNamingFileAndRow() throws IOException {
        Npy.write(dir.resolve("x.npy"), Nd4j.create(DataType.FLOAT, 10, 2));
        Npy.write(dir.resolve("y.npy"), Nd4j.create(new long[] {0, 1, 2, 1, 0, 7, 1, 1, 0, 0}, new long[] {10},
                DataType.LONG));
        NpyBatches source = NpyBatches.of(dir.resolve("x.npy"), dir.resolve("y.npy")).classes(3).batchSize(2)
                .shuffle(false);
        try (BatchStream stream = source.epoch(1)) {
            stream.next();
            stream.next();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, stream::next);
            assertEquals(dir.resolve("y.npy") + ": row 5 has label 7, outside the classes 0..2", e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> NpyBatches.of(dir.resolve("x.npy"), dir.resolve("y.npy")).epoch(1),
                "integer labels need classes(k)");
    }

    @Test
    void aFileCutWhileStreamingIsAnErrorNamingIt() throws IOException {
        NpyBatches source = numbered(400).batchSize(8).chunkRows(32).prefetch(1);
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("x.npy").toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> visit(source, 1, new ArrayList<>()));
        assertTrue(e.getMessage().contains(dir.resolve("x.npy") + ": ends before row"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyBatches.of(dir.resolve("x.npy"), dir.resolve("y.npy")),
                "a file whose size does not match its header is refused when opened");
    }

    @Test
    void mismatchedOrFortranFilesAreRefusedWhenOpened() throws IOException {
        Npy.write(dir.resolve("a.npy"), Nd4j.create(DataType.FLOAT, 10, 2));
        Npy.write(dir.resolve("b.npy"), Nd4j.create(DataType.FLOAT, 9, 1));
        String rows = assertThrows(IllegalArgumentException.class, () -> NpyBatches.of(dir.resolve("a.npy"),
                dir.resolve("b.npy"))).getMessage();
        assertTrue(rows.contains("has 10 rows but") && rows.contains("has 9"), rows);
        assertEquals(dir.resolve("absent.npy") + ": no such file", assertThrows(IllegalArgumentException.class,
                () -> NpyBatches.of(dir.resolve("absent.npy"), dir.resolve("b.npy"))).getMessage());
        Path fortran = dev.kiln.runtime.data.numpy.NpyFixturesTest.fixture("f8_fortran_3x4.npy");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyBatches.of(fortran, fortran)).getMessage()
                .contains("Fortran order"));
    }

    @Test
    void epochsAfterTheFirstCreateNoArrays() throws IOException {
        NpyBatches source = numbered(1000).batchSize(32).chunkRows(100).windowChunks(2);
        visit(source, 1, new ArrayList<>());
        Runnable twoEpochs = () -> {
            for (int epoch = 2; epoch <= 3; epoch++) {
                try (BatchStream stream = source.epoch(epoch)) {
                    while (stream.hasNext()) {
                        stream.next();
                    }
                }
            }
        };
        assertEquals(0, ArrayCount.during(twoEpochs));
        assertEquals(0, ArrayCount.nativeObjectsDuring(twoEpochs));
    }
}
