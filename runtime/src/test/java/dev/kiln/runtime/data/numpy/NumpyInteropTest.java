package dev.kiln.runtime.data.numpy;

import dev.kiln.runtime.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kiln's .npy and .npz files against numpy itself, both ways: numpy writes random arrays and their
 * values as exact text, Kiln reads both; Kiln writes arrays and numpy checks them.
 */
class NumpyInteropTest {
    private static Python python;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void numpy() {
        python = Python.with("numpy");
    }

    @Test
    void kilnReadsWhatNumpyWrites() throws IOException {
        python.run("""
                import numpy as np
                rng = np.random.default_rng(7)
                x = rng.standard_normal((5, 3, 2)).astype('<f4')
                y = rng.integers(-1000, 1000, size=(7,)).astype('>i8')
                z = np.asfortranarray(rng.standard_normal((4, 6)))
                np.save('x.npy', x); np.save('y.npy', y); np.save('z.npy', z); np.save('s.npy', np.float32(-0.375))
                np.savez_compressed('all.npz', x=x, y=y, z=z)
                for name, a in (('x', x), ('y', y), ('z', z)):
                    np.savetxt(name + '.txt', np.ascontiguousarray(a).reshape(-1), fmt='%.17g')
                """, dir);
        INDArray x = Npy.read(dir.resolve("x.npy"));
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {5, 3, 2}, x.shape());
        assertArrayEquals(text("x"), x.castTo(DataType.DOUBLE).reshape(30).toDoubleVector(), 0.0);
        INDArray y = Npy.read(dir.resolve("y.npy"));
        assertEquals(DataType.LONG, y.dataType());
        assertArrayEquals(text("y"), y.castTo(DataType.DOUBLE).toDoubleVector(), 0.0);
        assertArrayEquals(text("z"), Npy.read(dir.resolve("z.npy")).reshape(24).toDoubleVector(), 0.0);
        assertEquals(-0.375, Npy.read(dir.resolve("s.npy")).getDouble(0), 0.0);
        Map<String, INDArray> all = Npz.read(dir.resolve("all.npz"));
        assertEquals(List.of("x", "y", "z"), List.copyOf(all.keySet()));
        assertEquals(x, all.get("x"));
        assertEquals(y, all.get("y"));
    }

    private double[] text(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name + ".txt")).stream().mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void numpyReadsWhatKilnWrites() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        double[] values = new double[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(-5, 5);
        }
        INDArray doubles = Nd4j.create(values, new long[] {2, 3, 4}, 'c');
        Npy.write(dir.resolve("d.npy"), doubles);
        Npy.write(dir.resolve("f.npy"), doubles.castTo(DataType.FLOAT).transpose());
        Npy.write(dir.resolve("s.npy"), Nd4j.scalar(DataType.LONG, -42L));
        Npy.write(dir.resolve("b.npy"), Nd4j.create(new boolean[] {true, false, true}));
        Files.write(dir.resolve("d.txt"), java.util.Arrays.stream(values).mapToObj(Double::toString).toList());
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("d", doubles);
        arrays.put("u", Nd4j.create(new double[] {0, 7, 255}).castTo(DataType.UBYTE));
        Npz.write(dir.resolve("stored.npz"), arrays, false);
        Npz.write(dir.resolve("deflated.npz"), arrays, true);
        String printed = python.run("""
                import numpy as np
                expected = np.loadtxt('d.txt').reshape(2, 3, 4)
                d = np.load('d.npy'); f = np.load('f.npy'); s = np.load('s.npy'); b = np.load('b.npy')
                assert d.dtype == np.dtype('<f8') and d.shape == (2, 3, 4) and np.array_equal(d, expected)
                assert f.dtype == np.dtype('<f4') and f.shape == (4, 3, 2)
                assert np.array_equal(f, expected.astype(np.float32).transpose())
                assert s.shape == () and s.dtype == np.dtype('<i8') and s == -42
                assert b.dtype == np.bool_ and b.tolist() == [True, False, True]
                for name in ('stored.npz', 'deflated.npz'):
                    with np.load(name) as z:
                        assert list(z.keys()) == ['d', 'u'], list(z.keys())
                        assert np.array_equal(z['d'], expected)
                        assert z['u'].dtype == np.uint8 and z['u'].tolist() == [0, 7, 255]
                print('numpy agrees')
                """, dir);
        assertEquals("numpy agrees", printed.strip());
    }
}
