package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;

/**
 * The element types Kiln writes and reads, under their safetensors names: what a PyTorch or numpy
 * reader sees as {@code torch.float32}, {@code numpy.int64} and so on. Values are little-endian.
 */
public enum TensorType {
    F64(DataType.DOUBLE, 8),
    F32(DataType.FLOAT, 4),
    I64(DataType.LONG, 8),
    I32(DataType.INT, 4);

    private final DataType nd4j;
    private final int bytes;

    TensorType(DataType nd4j, int bytes) {
        this.nd4j = nd4j;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    public DataType dataType() {
        return nd4j;
    }

    /** The type of an ND4J array, or an error naming the types that can be stored. */
    public static TensorType of(DataType type) {
        for (TensorType t : values()) {
            if (t.nd4j == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("cannot store an array of " + type + " in a checkpoint; storable: "
                + Arrays.toString(values()));
    }

    /** The type a safetensors header names, or null for a name Kiln does not read (e.g. BF16). */
    public static @Nullable TensorType named(String name) {
        for (TensorType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
