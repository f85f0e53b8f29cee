package dev.kiln.runtime.data;

import org.jspecify.annotations.Nullable;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The element types of the IDX format (the third byte of the magic number), all big-endian. */
public enum IdxType {
    UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
    SIGNED_BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String description;

    IdxType(int code, int bytes, String description) {
        this.code = code;
        this.bytes = bytes;
        this.description = description;
    }

    /** The type byte in the file header. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /**
     * True when every value of this type is exactly representable as a float (24-bit mantissa):
     * such data is held as {@code float[]}, at half the memory of {@code double[]}.
     */
    public boolean exactInFloat() {
        return this != INT && this != DOUBLE;
    }

    /** The type with this header byte, or null. */
    public static @Nullable IdxType fromCode(int code) {
        for (IdxType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }

    /** For error messages: every known code and its meaning. */
    static String knownCodes() {
        return Arrays.stream(values()).map(t -> String.format("0x%02X %s", t.code, t.description))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return description;
    }
}
