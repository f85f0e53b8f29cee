package dev.kiln.runtime.data.numpy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the files numpy 1.24 wrote with {@code src/test/resources/numpy/make_fixtures.py}. Each
 * array is {@code arange(count) * scale + shift} cast to its dtype, the formula {@link #grid} repeats.
 */
public class NpyFixturesTest {

    public static Path fixture(String name) {
        try {
            return Path.of(NpyFixturesTest.class.getResource("/numpy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's values: element i is i * scale + shift, in C order. */
    static double[] grid(int count, double scale, double shift) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i * scale + shift;
        }
        return values;
    }

    private static void assertArray(INDArray array, DataType type, long[] shape, double[] values) {
        assertEquals(type, array.dataType());
        assertArrayEquals(shape, array.shape());
        assertEquals('c', array.ordering());
        assertArrayEquals(values, array.dup().castTo(DataType.DOUBLE).reshape(values.length).toDoubleVector(), 0.0);
    }

    @Test
    void readsCOrderFloat32() throws IOException {
        assertArray(Npy.read(fixture("f4_2x3.npy")), DataType.FLOAT, new long[] {2, 3}, grid(6, 0.5, -1));
    }

    @Test
    void readsFortranOrderIntoCOrder() throws IOException {
        // The fixture is the C-order grid stored column-major: read back, element (i, j) is 4i + j.
        INDArray array = Npy.read(fixture("f8_fortran_3x4.npy"));
        assertArray(array, DataType.DOUBLE, new long[] {3, 4}, grid(12, 0.25, 2));
        assertEquals(2 + 0.25 * (4 * 2 + 1), array.getDouble(2, 1), 0.0);
        assertTrue(Npy.header(fixture("f8_fortran_3x4.npy")).fortranOrder());
    }

    @Test
    void readsZeroDimensionalArraysAsRankZeroScalars() throws IOException {
        INDArray real = Npy.read(fixture("f8_scalar.npy"));
        assertEquals(0, real.rank());
        assertEquals(3.25, real.getDouble(0), 0.0);
        INDArray integer = Npy.read(fixture("i8_scalar.npy"));
        assertEquals(DataType.LONG, integer.dataType());
        assertEquals(0, integer.rank());
        assertEquals(-7, integer.getLong(0));
    }

    @Test
    void readsBigEndianIntegers() throws IOException {
        assertArray(Npy.read(fixture("i4_big_endian_2x2x2.npy")), DataType.INT, new long[] {2, 2, 2},
                grid(8, 1000, -3000));
    }

    @Test
    void readsSmallIntegerBooleanAndHalfTypes() throws IOException {
        assertArray(Npy.read(fixture("u1_5.npy")), DataType.UBYTE, new long[] {5}, grid(5, 60, 0));
        assertArray(Npy.read(fixture("i2_3.npy")), DataType.SHORT, new long[] {3}, grid(3, -300, 100));
        assertArray(Npy.read(fixture("f2_3.npy")), DataType.HALF, new long[] {3}, grid(3, 1.5, -1));
        INDArray flags = Npy.read(fixture("b1_4.npy"));
        assertEquals(DataType.BOOL, flags.dataType());
        assertEquals(List.of(true, false, false, true), List.of(flags.getDouble(0) != 0, flags.getDouble(1) != 0,
                flags.getDouble(2) != 0, flags.getDouble(3) != 0));
    }

    @Test
    void readsEmptyArraysAndFormatVersionsTwoAndThree() throws IOException {
        INDArray empty = Npy.read(fixture("f4_empty_0x3.npy"));
        assertTrue(empty.isEmpty());
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertArray(Npy.read(fixture("f4_version2_2x2.npy")), DataType.FLOAT, new long[] {2, 2}, grid(4, 1, 0.5));
        assertArray(Npy.read(fixture("f8_version3_2.npy")), DataType.DOUBLE, new long[] {2}, grid(2, 1, 0.5));
    }

    @Test
    void refusesComplexNumbersNamingTheDtype() {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(fixture("c16_unsupported.npy")));
        assertTrue(e.getMessage().contains("c16_unsupported.npy") && e.getMessage().contains("'<c16'"), e.getMessage());
    }

    @Test
    void readsStoredAndCompressedArchives() throws IOException {
        for (String name : List.of("stored.npz", "compressed.npz")) {
            Map<String, INDArray> arrays = Npz.read(fixture(name));
            assertEquals(List.of("features", "labels", "scalar"), List.copyOf(arrays.keySet()), name);
            assertArray(arrays.get("features"), DataType.FLOAT, new long[] {4, 3}, toFloat(grid(12, 0.1, 0)));
            assertArray(arrays.get("labels"), DataType.LONG, new long[] {4}, grid(4, 1, 0));
            assertEquals(0, arrays.get("scalar").rank());
            assertEquals(2.5, arrays.get("scalar").getDouble(0), 0.0);
        }
    }

    /** The values rounded to float32, as numpy's astype('<f4') stored them. */
    static double[] toFloat(double[] values) {
        double[] rounded = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        return rounded;
    }
}
