package dev.kiln.runtime.data.numpy;

import org.nd4j.linalg.api.buffer.DataType;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The NumPy element types Kiln reads and writes: numpy's type character and size (the {@code descr}
 * of a .npy header without its byte-order mark) paired with the ND4J data type of the same width and
 * meaning. Complex numbers, strings, Python objects, dates and structured types have no ND4J
 * counterpart and are refused with the header's descr named.
 */
public enum NpyType {
    BOOL('b', 1, DataType.BOOL),
    INT8('i', 1, DataType.BYTE),
    UINT8('u', 1, DataType.UBYTE),
    INT16('i', 2, DataType.SHORT),
    UINT16('u', 2, DataType.UINT16),
    INT32('i', 4, DataType.INT),
    UINT32('u', 4, DataType.UINT32),
    INT64('i', 8, DataType.LONG),
    UINT64('u', 8, DataType.UINT64),
    FLOAT16('f', 2, DataType.HALF),
    FLOAT32('f', 4, DataType.FLOAT),
    FLOAT64('f', 8, DataType.DOUBLE);

    private final char kind;
    private final int bytes;
    private final DataType dataType;

    NpyType(char kind, int bytes, DataType dataType) {
        this.kind = kind;
        this.bytes = bytes;
        this.dataType = dataType;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The header's descr for this type as Kiln writes it: little-endian, {@code |} where order does not apply. */
    public String descr() {
        return (bytes == 1 ? "|" : "<") + kind + bytes;
    }

    /** The type of an ND4J data type, or null when numpy has none (bfloat16, strings, compressed). */
    public static NpyType of(DataType dataType) {
        for (NpyType type : values()) {
            if (type.dataType == dataType) {
                return type;
            }
        }
        return null;
    }

    /**
     * The type and byte order a header's descr names ({@code <f4}, {@code >i8}, {@code |u1},
     * {@code =f8}); null for a descr Kiln cannot read.
     */
    static Parsed parse(String descr) {
        if (descr.length() < 3) {
            return null;
        }
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        ByteOrder byteOrder = switch (order) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> null;
        };
        if (byteOrder == null) {
            return null;
        }
        for (NpyType type : values()) {
            if (type.kind == kind && type.bytes == size) {
                return new Parsed(type, type.bytes == 1 ? ByteOrder.LITTLE_ENDIAN : byteOrder);
            }
        }
        return null;
    }

    /** For error messages: every descr Kiln reads. */
    static String known() {
        return Arrays.stream(values()).map(NpyType::descr).collect(Collectors.joining(", "));
    }

    /** A descr read from a header: the element type and the byte order of the stored values. */
    record Parsed(NpyType type, ByteOrder order) {
    }
}
