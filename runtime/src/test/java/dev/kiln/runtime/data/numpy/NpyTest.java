package dev.kiln.runtime.data.numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    /** Values 0, 1, 2, ... (0/1 alternating for booleans) of the given type and shape. */
    private static INDArray counting(DataType type, long... shape) {
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = type == DataType.BOOL ? i % 2 : i;
        }
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    @ParameterizedTest
    @EnumSource(NpyType.class)
    void everyTypeRoundTripsBitForBit(NpyType type) throws IOException {
        INDArray array = counting(type.dataType(), 2, 3, 4);
        Path file = dir.resolve(type + ".npy");
        Npy.write(file, array);
        INDArray read = Npy.read(file);
        assertEquals(type.dataType(), read.dataType());
        assertArrayEquals(array.shape(), read.shape());
        assertEquals(array, read);
        assertEquals(0, Npy.header(file).dataOffset() % 64, "values start at a multiple of 64 bytes, as numpy aligns them");
    }

    @Test
    void writesTheHeaderNumpyWrites() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(bytes, counting(DataType.FLOAT, 2, 3));
        byte[] file = bytes.toByteArray();
        assertEquals(128 + 24, file.length);
        String header = new String(file, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(118, file[8] & 0xff, "version 1.0 header length, little-endian");
    }

    @Test
    void writesZeroDimensionalOneDimensionalAndEmptyShapesAsNumpySpellsThem() throws IOException {
        assertEquals("()", shapeText(Nd4j.scalar(DataType.DOUBLE, 1.5)));
        assertEquals("(5,)", shapeText(counting(DataType.INT, 5)));
        assertEquals("(0, 3)", shapeText(Nd4j.create(DataType.FLOAT, 0, 3)));
        Path scalar = dir.resolve("scalar.npy");
        Npy.write(scalar, Nd4j.scalar(DataType.DOUBLE, 1.5));
        INDArray read = Npy.read(scalar);
        assertEquals(0, read.rank());
        assertEquals(1.5, read.getDouble(0), 0.0);
        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, Nd4j.create(DataType.FLOAT, 0, 3));
        assertArrayEquals(new long[] {0, 3}, Npy.read(empty).shape());
    }

    private static String shapeText(INDArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(bytes, array);
        String text = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
        int start = text.indexOf("'shape': ") + 9;
        return text.substring(start, text.indexOf("), }", start) + 1);
    }

    @Test
    void viewsAndFortranOrderArraysAreWrittenInCOrder() throws IOException {
        INDArray base = counting(DataType.DOUBLE, 6, 4);
        INDArray rows = base.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        INDArray transposed = base.transpose();
        INDArray fortran = base.dup('f');
        for (INDArray array : new INDArray[] {rows, transposed, fortran}) {
            Path file = dir.resolve("view.npy");
            Npy.write(file, array);
            assertEquals(array, Npy.read(file));
        }
    }

    @Test
    void archivesRoundTripStoredAndCompressed() throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("x", counting(DataType.FLOAT, 10, 3));
        arrays.put("y", counting(DataType.LONG, 10));
        arrays.put("count", Nd4j.scalar(DataType.INT, 10));
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve("a" + compressed + ".npz");
            Npz.write(file, arrays, compressed);
            Map<String, INDArray> read = Npz.read(file);
            assertEquals(arrays.keySet(), read.keySet());
            for (String key : arrays.keySet()) {
                assertEquals(arrays.get(key), read.get(key), key);
            }
        }
    }

    @Test
    void aTruncatedFileIsAnErrorNamingItAndTheCountRead() throws IOException {
        Path file = dir.resolve("whole.npy");
        Npy.write(file, counting(DataType.FLOAT, 10, 10));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(bytes, bytes.length - 41));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("100 <f4 values [10, 10]")
                && e.getMessage().contains("ends after 89"), e.getMessage());
        Path header = Files.write(dir.resolve("header.npy"), Arrays.copyOf(bytes, 40));
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.read(header)).getMessage()
                .contains("truncated"));
    }

    @Test
    void malformedHeadersAreErrorsNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("text.npy"), "x,y\n1,2\n");
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.read(text)).getMessage()
                .contains("text.npy: not a .npy file"));
        for (String dict : new String[] {
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }",
                "{'descr': '<f4', 'fortran_order': False, }",
                "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }",
                "{'descr': '|S5', 'fortran_order': False, 'shape': (2,), }",
                "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }",
                "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }"}) {
            Path file = withHeader(dict);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file), dict);
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    @Test
    void trailingBytesAfterTheValuesAreAnError() throws IOException {
        Path file = dir.resolve("long.npy");
        Npy.write(file, counting(DataType.FLOAT, 3));
        Files.write(file, new byte[] {1, 2, 3, 4}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(assertThrows(NpyFormatException.class, () -> Npy.read(file)).getMessage()
                .contains("has data after the 3 values"));
    }

    private Path withHeader(String dict) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        String padded = dict + " ".repeat(118 - dict.length() - 1) + "\n";
        bytes.write(padded.length() & 0xff);
        bytes.write(padded.length() >> 8);
        bytes.write(padded.getBytes(StandardCharsets.ISO_8859_1));
        bytes.write(new byte[64]);
        return Files.write(Files.createTempFile(dir, "header", ".npy"), bytes.toByteArray());
    }

    @Test
    void aDamagedArchiveEntryIsAnErrorNamingTheEntry() throws IOException {
        Path file = dir.resolve("good.npz");
        Npz.write(file, Map.of("weights", counting(DataType.FLOAT, 64)), false);
        byte[] bytes = Files.readAllBytes(file);
        // Flip one byte of the stored values (after the local header and the .npy header).
        bytes[30 + "weights.npy".length() + 128 + 17] ^= 0x55;
        Path damaged = Files.write(dir.resolve("damaged.npz"), bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(damaged));
        assertTrue(e.getMessage().contains("damaged.npz:weights.npy") && e.getMessage().contains("CRC"), e.getMessage());

        Npz.write(file, Map.of("weights", counting(DataType.FLOAT, 64)), true);
        byte[] compressed = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(compressed, compressed.length / 2));
        assertTrue(assertThrows(NpyFormatException.class, () -> Npz.read(cut)).getMessage().contains("cut.npz"));
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("kept.npy");
        Npy.write(file, counting(DataType.FLOAT, 4));
        INDArray bfloat = Nd4j.create(DataType.BFLOAT16, 2);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(file, bfloat));
        assertEquals(counting(DataType.FLOAT, 4), Npy.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void theWriterStreamsRowsAndPublishesOnlyWhenFinished() throws IOException {
        Path file = dir.resolve("rows.npy");
        try (NpyWriter writer = NpyWriter.create(file, DataType.FLOAT, 2, 3)) {
            writer.append(counting(DataType.FLOAT, 4, 2, 3));
            writer.append(counting(DataType.FLOAT, 1, 2, 3).addi(100));
            assertFalse(Files.exists(file), "nothing under the name before finish()");
            writer.finish();
        }
        INDArray read = Npy.read(file);
        assertArrayEquals(new long[] {5, 2, 3}, read.shape());
        assertEquals(counting(DataType.FLOAT, 4, 2, 3), read.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all(),
                NDArrayIndex.all()));
        assertEquals(105.0, read.getDouble(4, 1, 2), 0.0);

        Path abandoned = dir.resolve("abandoned.npy");
        try (NpyWriter writer = NpyWriter.create(abandoned, DataType.FLOAT, 3)) {
            writer.append(counting(DataType.FLOAT, 2, 3));
            assertThrows(IllegalArgumentException.class, () -> writer.append(counting(DataType.DOUBLE, 2, 3)));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "an unfinished writer leaves nothing behind: " + Files.list(dir).toList());
        }
    }
}
