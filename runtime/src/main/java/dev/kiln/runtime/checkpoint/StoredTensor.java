package dev.kiln.runtime.checkpoint;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as a safetensors file holds it: name, element type, shape and the little-endian,
 * row-major bytes. Converting to and from ND4J copies, so a stored tensor never aliases a model's
 * array.
 *
 * @param data read-only, positioned at 0, {@code elements() * type.bytes()} bytes
 */
public record StoredTensor(String name, TensorType type, long[] shape, ByteBuffer data) {

    public StoredTensor {
        shape = shape.clone();
        long expected = Math.multiplyExact(elements(shape), type.bytes());
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + name + " of " + type + " " + Arrays.toString(shape)
                    + " needs " + expected + " bytes but has " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of {@code array}'s values in row-major order. */
    public static StoredTensor of(String name, INDArray array) {
        TensorType type = TensorType.of(array.dataType());
        INDArray c = array.dup('c');
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(c.length() * type.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F64 -> bytes.asDoubleBuffer().put(c.data().asDouble());
            case F32 -> bytes.asFloatBuffer().put(c.data().asFloat());
            case I64 -> bytes.asLongBuffer().put(c.data().asLong());
            case I32 -> bytes.asIntBuffer().put(c.data().asInt());
        }
        return new StoredTensor(name, type, array.shape(), bytes);
    }

    /** A new ND4J array with these values. */
    public INDArray toArray() {
        ByteBuffer bytes = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(elements(shape));
        if (n == 0) {
            return Nd4j.create(type.dataType(), shape.clone());
        }
        INDArray flat = switch (type) {
            case F64 -> {
                double[] values = new double[n];
                bytes.asDoubleBuffer().get(values);
                yield Nd4j.createFromArray(values);
            }
            case F32 -> {
                float[] values = new float[n];
                bytes.asFloatBuffer().get(values);
                yield Nd4j.createFromArray(values);
            }
            case I64 -> {
                long[] values = new long[n];
                bytes.asLongBuffer().get(values);
                yield Nd4j.createFromArray(values);
            }
            case I32 -> {
                int[] values = new int[n];
                bytes.asIntBuffer().get(values);
                yield Nd4j.createFromArray(values);
            }
        };
        return flat.reshape('c', shape.clone());
    }

    /** The shape, a copy. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elements() {
        return elements(shape);
    }

    /** Product of the dimensions (1 for a scalar), or an error for a negative one or an overflow. */
    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteCount() {
        return data.remaining();
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredTensor t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
