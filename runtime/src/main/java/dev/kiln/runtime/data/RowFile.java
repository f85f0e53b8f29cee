package dev.kiln.runtime.data;

import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.data.numpy.NpyHeader;
import dev.kiln.runtime.data.numpy.NpyType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A .npy file read row by row from disk: its header, the bytes of one row (all dimensions after the
 * first), and positional reads of consecutive rows into a caller's buffer.
 */
final class RowFile {
    final Path path;
    final NpyHeader header;
    final long rows;
    final int rowValues;
    final int rowBytes;

    private RowFile(Path path, NpyHeader header) {
        this.path = path;
        this.header = header;
        long[] shape = header.shape();
        this.rows = shape[0];
        long values = 1;
        for (int i = 1; i < shape.length; i++) {
            values *= shape[i];
        }
        this.rowValues = Math.toIntExact(values);
        this.rowBytes = Math.toIntExact(values * header.type().bytes());
    }

    static RowFile open(Path path) {
        NpyHeader header;
        try {
            header = Npy.header(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(path + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        if (header.shape().length == 0) {
            throw new IllegalArgumentException(path + ": a 0-d array has no rows to stream");
        }
        if (header.fortranOrder() && header.shape().length > 1) {
            throw new IllegalArgumentException(path + ": is stored in Fortran order, whose rows are not contiguous on disk;"
                    + " rewrite it in C order (numpy: np.save(path, np.ascontiguousarray(a)))");
        }
        RowFile file = new RowFile(path, header);
        try {
            long expected = header.dataOffset() + header.dataBytes();
            long size = Files.size(path);
            if (size != expected) {
                throw new IllegalArgumentException(path + ": the header declares " + header.elementCount() + " "
                        + header.type().descr() + " values " + Arrays.toString(header.shape()) + " (" + expected
                        + " bytes with the header) but the file has " + size + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
        return file;
    }

    NpyType type() {
        return header.type();
    }

    long[] exampleShape() {
        long[] shape = header.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    FileChannel channel() throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Reads rows {@code [first, first + count)} into {@code into} from its position, which advances. */
    void read(FileChannel channel, long first, int count, ByteBuffer into) throws IOException {
        long position = header.dataOffset() + first * rowBytes;
        int end = into.position() + count * rowBytes;
        into.limit(end);
        while (into.hasRemaining()) {
            int read = channel.read(into, position);
            if (read < 0) {
                throw new IOException(path + ": ends before row " + (first + count) + " of the " + rows
                        + " its header declares; was the file changed while training?");
            }
            position += read;
        }
    }
}
