package dev.kiln.runtime.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsUnsignedBytesPlainAndGzipped() throws IOException {
        byte[] plain = IdxFiles.bytes(0x08, new int[] {2, 3}, 0, 1, 127, 128, 200, 255);
        IdxArray fromPlain = IdxReader.read(IdxFiles.write(dir.resolve("a-idx2-ubyte"), plain));
        IdxArray fromGzip = IdxReader.read(IdxFiles.write(dir.resolve("a-idx2-ubyte.gz"), IdxFiles.gzip(plain)));

        assertEquals(IdxType.UNSIGNED_BYTE, fromPlain.type());
        assertArrayEquals(new int[] {2, 3}, fromPlain.shape());
        // 128..255 must not come back negative, as Java's signed byte would have it.
        assertArrayEquals(new float[] {0, 1, 127, 128, 200, 255}, fromPlain.floats());
        assertNull(fromPlain.doubles());
        assertEquals(fromPlain, fromGzip);
    }

    @Test
    void recognisesGzipByContentNotName() throws IOException {
        byte[] plain = IdxFiles.bytes(0x08, new int[] {3}, 4, 5, 6);
        Path file = IdxFiles.write(dir.resolve("no-suffix"), IdxFiles.gzip(plain));
        assertArrayEquals(new float[] {4, 5, 6}, IdxReader.read(file).floats());
    }

    @Test
    void readsEveryElementType() throws IOException {
        assertArrayEquals(new float[] {-128, -1, 0, 127},
                read(0x09, new int[] {4}, -128, -1, 0, 127).floats());
        assertArrayEquals(new float[] {-32768, -2, 1234, 32767},
                read(0x0B, new int[] {2, 2}, -32768, -2, 1234, 32767).floats());
        assertArrayEquals(new float[] {1.5f, -0.25f, 3.0e-8f},
                read(0x0D, new int[] {3}, 1.5, -0.25, 3.0e-8).floats());

        // Ints above 2^24 would be rounded by a float, so they come back as doubles, exactly.
        IdxArray ints = read(0x0C, new int[] {3}, Integer.MAX_VALUE, -5, 16_777_217);
        assertEquals(IdxType.INT, ints.type());
        assertNull(ints.floats());
        assertArrayEquals(new double[] {Integer.MAX_VALUE, -5, 16_777_217}, ints.doubles());

        IdxArray doubles = read(0x0E, new int[] {1, 2}, Math.PI, -1e300);
        assertArrayEquals(new double[] {Math.PI, -1e300}, doubles.doubles());
        assertArrayEquals(new int[] {1, 2}, doubles.shape());
    }

    @Test
    void convertsBetweenFloatAndDoubleViews() throws IOException {
        IdxArray bytes = read(0x08, new int[] {2}, 3, 250);
        assertArrayEquals(new double[] {3, 250}, bytes.asDoubles());
        assertEquals(250.0, bytes.get(1));
        IdxArray doubles = read(0x0E, new int[] {2}, 0.1, 2.5);
        assertArrayEquals(new float[] {0.1f, 2.5f}, doubles.asFloats());
    }

    @Test
    void rejectsBadMagicNamingTheFile() throws IOException {
        Path file = IdxFiles.write(dir.resolve("archive.zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
        assertTrue(e.getMessage().contains("0x50 0x4B"), e.getMessage());
    }

    @Test
    void rejectsUnknownElementType() throws IOException {
        Path file = IdxFiles.write(dir.resolve("odd"), new byte[] {0, 0, 0x07, 1, 0, 0, 0, 1, 9});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("unknown IDX element type 0x07"), e.getMessage());
        assertTrue(e.getMessage().contains("0x0E double"), e.getMessage());
    }

    @Test
    void rejectsTruncatedDataNamingTheFileAndCounts() throws IOException {
        byte[] whole = IdxFiles.bytes(0x0B, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        // Keep the header (4 + 2*4 bytes), 2 whole shorts and half of the third.
        Path file = IdxFiles.write(dir.resolve("cut"), Arrays.copyOf(whole, 12 + 5));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("declares 6 short values [2, 3] but the file ends after 2"), e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        byte[] whole = IdxFiles.bytes(0x08, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Path file = IdxFiles.write(dir.resolve("header-cut"), Arrays.copyOf(whole, 7));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("truncated in the header"), e.getMessage());
        Path tiny = IdxFiles.write(dir.resolve("two-bytes"), new byte[] {0, 0});
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(tiny)).getMessage()
                .contains("shorter than the 4-byte IDX magic number"));
    }

    @Test
    void rejectsTruncatedGzipNamingTheFile() throws IOException {
        double[] values = new double[5000];
        Arrays.setAll(values, i -> (i * 31) % 256);
        byte[] gz = IdxFiles.gzip(IdxFiles.bytes(0x08, new int[] {5000}, values));
        Path file = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsDataBeyondTheDeclaredShape() throws IOException {
        byte[] whole = IdxFiles.bytes(0x08, new int[] {2}, 1, 2);
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        Path file = IdxFiles.write(dir.resolve("long"), longer);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("data after the 2 values"), e.getMessage());
    }

    @Test
    void readsLargerThanOneChunk() throws IOException {
        // 3 * 40000 doubles = 960 kB: many read chunks, exercising the chunk boundaries.
        double[] values = new double[120_000];
        Arrays.setAll(values, i -> i * 0.5 - 7);
        IdxArray array = read(0x0E, new int[] {3, 40_000}, values);
        assertNotNull(array.doubles());
        assertArrayEquals(values, array.doubles());
    }

    private IdxArray read(int type, int[] shape, double... values) throws IOException {
        return IdxReader.read(IdxFiles.write(dir.resolve("t" + type + "-" + values.length), IdxFiles.bytes(type, shape, values)));
    }
}
