package dev.kiln.runtime.data.augment;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Moves the values of a float32 or float64 array to and from a Java {@code double[]}, through the
 * array's own memory (no ND4J array is created). A view or a non-C-order array is read through a
 * C-order copy.
 */
final class ArrayValues {
    private ArrayValues() {
    }

    static void read(INDArray array, double[] into) {
        INDArray plain = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        int n = Math.toIntExact(plain.length());
        if (plain.dataType() == DataType.FLOAT) {
            FloatBuffer values = plain.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n; i++) {
                into[i] = values.get(i);
            }
        } else {
            plain.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(into, 0, n);
        }
    }

    /** Writes {@code from[0, length)} into {@code array}, a C-order array that is no view (one this package created). */
    static void write(double[] from, INDArray array) {
        int n = Math.toIntExact(array.length());
        if (array.dataType() == DataType.FLOAT) {
            FloatBuffer values = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n; i++) {
                values.put(i, (float) from[i]);
            }
        } else {
            DoubleBuffer values = array.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            values.put(0, from, 0, n);
        }
    }

    static void checkType(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("augmentation works on FLOAT or DOUBLE data, got " + type);
        }
    }
}
