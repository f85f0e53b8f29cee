package dev.kiln.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte, the number
 * of dimensions, each dimension as a big-endian int, then the values, big-endian, row-major.
 * Gzip-compressed files are recognised by their first two bytes rather than by the name, so a
 * renamed or already-unpacked file still reads.
 */
@SuppressWarnings("NullAway") // exactly one of floats and doubles is allocated, the one the IDX type selects, and the switch writes only that one
public final class IdxReader {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    // A multiple of every element size, so a chunk never splits a value.
    private static final int CHUNK_BYTES = 1 << 16;

    private IdxReader() {
    }

    /** Reads a whole IDX file, gzip-compressed or not. */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file.toString());
        }
    }

    /**
     * Reads an IDX stream, gzip-compressed or not; {@code name} is used in error messages. Does not
     * close the stream.
     */
    public static IdxArray read(InputStream stream, String name) throws IOException {
        InputStream in = new BufferedInputStream(stream, CHUNK_BYTES);
        try {
            if (isGzip(in)) {
                in = new BufferedInputStream(new GZIPInputStream(in, CHUNK_BYTES), CHUNK_BYTES);
            }
            return readIdx(in, name);
        } catch (ZipException | EOFException e) {
            // A cut-off or damaged gzip stream surfaces here, without the file's name.
            throw new IdxFormatException(name + ": damaged or truncated gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
    }

    private static IdxArray readIdx(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException(name + ": truncated: " + magic.length
                    + " bytes, shorter than the 4-byte IDX magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(String.format(
                    "%s: not an IDX file: it starts with bytes 0x%02X 0x%02X, an IDX file starts with 0x00 0x00",
                    name, magic[0] & 0xff, magic[1] & 0xff));
        }
        IdxType type = IdxType.fromCode(magic[2] & 0xff);
        if (type == null) {
            throw new IdxFormatException(String.format("%s: unknown IDX element type 0x%02X (known: %s)",
                    name, magic[2] & 0xff, IdxType.knownCodes()));
        }
        int[] shape = readShape(in, name, magic[3] & 0xff);
        long count = IdxArray.elementCount(shape);
        // Java arrays are int-indexed; a larger file cannot be held in one array anyway.
        if (count > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException(name + ": " + count + " values is more than one Java array can hold");
        }
        IdxArray array = readValues(in, name, type, shape, (int) count);
        if (in.read() != -1) {
            throw new IdxFormatException(name + ": has data after the " + count + " values its header declares");
        }
        return array;
    }

    private static int[] readShape(InputStream in, String name, int rank) throws IOException {
        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank) {
            throw new IdxFormatException(name + ": truncated in the header: " + rank + " dimensions declared but only "
                    + header.length + " of their " + 4 * rank + " bytes present");
        }
        ByteBuffer dims = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = dims.getInt();
            if (shape[i] < 0) {
                throw new IdxFormatException(name + ": dimension " + i + " is negative (" + shape[i] + ")");
            }
        }
        return shape;
    }

    private static IdxArray readValues(InputStream in, String name, IdxType type, int[] shape, int count)
            throws IOException {
        float[] floats = type.exactInFloat() ? new float[count] : null;
        double[] doubles = type.exactInFloat() ? null : new double[count];
        byte[] chunk = new byte[CHUNK_BYTES];
        int done = 0;
        while (done < count) {
            int want = (int) Math.min((long) (count - done) * type.bytes(), CHUNK_BYTES);
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                int complete = done + got / type.bytes();
                throw new IdxFormatException(name + ": truncated: the header declares " + count + " " + type
                        + " values " + java.util.Arrays.toString(shape) + " but the file ends after " + complete);
            }
            ByteBuffer values = ByteBuffer.wrap(chunk, 0, got).order(ByteOrder.BIG_ENDIAN);
            int n = got / type.bytes();
            for (int i = 0; i < n; i++, done++) {
                switch (type) {
                    case UNSIGNED_BYTE -> floats[done] = values.get() & 0xff;
                    case SIGNED_BYTE -> floats[done] = values.get();
                    case SHORT -> floats[done] = values.getShort();
                    case FLOAT -> floats[done] = values.getFloat();
                    case INT -> doubles[done] = values.getInt();
                    case DOUBLE -> doubles[done] = values.getDouble();
                }
            }
        }
        return new IdxArray(type, shape, floats, doubles);
    }
}
