package dev.kiln.runtime.data.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy file (numpy's format description, versions 1.0 to 3.0): the magic string
 * {@code \x93NUMPY}, the version, the header's length (2 bytes in version 1, 4 after), and a dict
 * literal naming the element type, the order and the shape; the values follow at {@link #dataOffset}.
 *
 * @param type         element type
 * @param byteOrder    byte order of the stored values
 * @param fortranOrder true when the values are stored column-major
 * @param shape        dimensions; empty for a 0-d array, which holds one value
 * @param dataOffset   bytes before the first value: magic, version, length and dict
 */
public record NpyHeader(NpyType type, ByteOrder byteOrder, boolean fortranOrder, long[] shape, int dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    // numpy pads the whole header to a multiple of 64 bytes so the data is aligned for memory mapping.
    private static final int ALIGNMENT = 64;

    public NpyHeader {
        shape = shape.clone();
    }

    /** Number of values: the product of the dimensions, 1 for a 0-d array. */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Bytes of the values after the header. */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), type.bytes());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Reads a header from the start of {@code in}; {@code source} names the file in errors. */
    static NpyHeader read(InputStream in, String source) throws IOException {
        byte[] start = in.readNBytes(MAGIC.length + 2);
        if (start.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            throw new NpyFormatException(source + ": not a .npy file: it does not start with the magic string \\x93NUMPY");
        }
        int major = start[MAGIC.length];
        int minor = start[MAGIC.length + 1];
        if (major < 1 || major > 3) {
            throw new NpyFormatException(source + ": .npy format version " + major + "." + minor
                    + " is not one Kiln reads (1.0, 2.0 and 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] length = in.readNBytes(lengthBytes);
        if (length.length < lengthBytes) {
            throw new NpyFormatException(source + ": truncated in the .npy header");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN);
        long dictLength = major == 1 ? lengthBuffer.getShort() & 0xffff : lengthBuffer.getInt() & 0xffffffffL;
        if (dictLength > Integer.MAX_VALUE - 64) {
            throw new NpyFormatException(source + ": a .npy header of " + dictLength + " bytes is not plausible");
        }
        byte[] dict = in.readNBytes((int) dictLength);
        if (dict.length < dictLength) {
            throw new NpyFormatException(source + ": truncated: the .npy header declares " + dictLength
                    + " bytes but the file ends after " + dict.length);
        }
        // Versions 1 and 2 write the dict in latin-1, version 3 in UTF-8.
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        int offset = MAGIC.length + 2 + lengthBytes + (int) dictLength;
        return fromDict(HeaderLiteral.parseDict(new String(dict, charset), source), source, offset);
    }

    private static NpyHeader fromDict(Map<String, Object> dict, String source, int offset) throws NpyFormatException {
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new NpyFormatException(source + ": a .npy header has the keys descr, fortran_order and shape, this one has "
                    + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new NpyFormatException(source + ": the array has a structured dtype " + dict.get("descr")
                    + "; Kiln reads plain numeric arrays (" + NpyType.known() + ")");
        }
        NpyType.Parsed parsed = NpyType.parse(descr);
        if (parsed == null) {
            throw new NpyFormatException(source + ": dtype '" + descr + "' is not one Kiln reads; it reads "
                    + NpyType.known() + " (either byte order)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(source + ": fortran_order is " + dict.get("fortran_order") + ", not True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) {
            throw new NpyFormatException(source + ": shape is " + dict.get("shape") + ", not a tuple");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long dim) || dim < 0) {
                throw new NpyFormatException(source + ": dimension " + i + " of shape " + dims + " is not a size");
            }
            shape[i] = dim;
        }
        NpyHeader header = new NpyHeader(parsed.type(), parsed.order(), fortran, shape, offset);
        try {
            header.dataBytes();
        } catch (ArithmeticException e) {
            throw new NpyFormatException(source + ": shape " + dims + " has more values than 64 bits can count");
        }
        return header;
    }

    /** The header bytes Kiln writes for a c-order little-endian array: version 1.0 when the dict fits, else 2.0. */
    static byte[] encode(NpyType type, long[] shape) {
        return encode(type, shape, 0);
    }

    /**
     * As {@link #encode(NpyType, long[])}, padded with spaces to at least {@code minimumLength} bytes
     * (a multiple of 64): a writer that learns the row count at the end reserves room for it.
     */
    static byte[] encode(NpyType type, long[] shape, int minimumLength) {
        StringBuilder dims = new StringBuilder();
        for (long dim : shape) {
            dims.append(dim).append(", ");
        }
        if (shape.length > 1) {
            dims.setLength(dims.length() - 2); // (3, 4) but (3,) and ()
        } else if (shape.length == 1) {
            dims.setLength(dims.length() - 1);
        }
        String dict = "{'descr': '" + type.descr() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int major = 1;
        int prefix = MAGIC.length + 4;
        int padded = Math.max(aligned(prefix + dict.length() + 1), minimumLength);
        if (padded - prefix > 0xffff) { // version 1.0 counts the dict's length in two bytes
            major = 2;
            prefix = MAGIC.length + 6;
            padded = Math.max(aligned(prefix + dict.length() + 1), minimumLength);
        }
        int dictLength = padded - prefix;
        ByteBuffer out = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) dictLength);
        } else {
            out.putInt(dictLength);
        }
        out.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (out.position() < padded - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static int aligned(int bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    // Records compare array components by reference; compare the shape's contents instead.
    @Override
    public boolean equals(Object other) {
        return other instanceof NpyHeader that && type == that.type && byteOrder.equals(that.byteOrder)
                && fortranOrder == that.fortranOrder && Arrays.equals(shape, that.shape) && dataOffset == that.dataOffset;
    }

    @Override
    public int hashCode() {
        return ((type.hashCode() * 31 + Boolean.hashCode(fortranOrder)) * 31 + Arrays.hashCode(shape)) * 31 + dataOffset;
    }

    @Override
    public String toString() {
        return "NpyHeader[" + type.descr() + (fortranOrder ? " fortran" : "") + " " + Arrays.toString(shape) + "]";
    }
}
