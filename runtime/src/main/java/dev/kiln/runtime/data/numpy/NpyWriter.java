package dev.kiln.runtime.data.numpy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a .npy file of {@code [rows, example...]} a batch of rows at a time, for data sets larger
 * than memory (to be read back by {@link dev.kiln.runtime.data.NpyBatches} in chunks). The header
 * is written last, once the row count is known, in space reserved for it at the start.
 *
 * <p>The rows go to a temporary file beside the target; {@link #finish()} completes the header and
 * renames it into place. Closing without {@code finish()} (an exception while the rows were being
 * produced) deletes the temporary file, so a half-written data set never appears under the name.
 */
public final class NpyWriter implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final NpyType type;
    private final long[] example;
    private final FileChannel channel;
    private final int reserved;
    private long rows;
    private boolean finished;

    private NpyWriter(Path target, NpyType type, long[] example) throws IOException {
        this.target = target.toAbsolutePath();
        this.type = type;
        this.example = example.clone();
        this.temporary = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName(), ".part");
        this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.reserved = NpyHeader.encode(type, shape(Long.MAX_VALUE)).length;
        channel.position(reserved);
    }

    /** A writer of examples of shape {@code example} (e.g. {@code 784}, or {@code 3, 32, 32}) in {@code dataType}. */
    public static NpyWriter create(Path file, DataType dataType, long... example) throws IOException {
        NpyType type = NpyType.of(dataType);
        if (type == null) {
            throw new IllegalArgumentException("numpy has no dtype for ND4J's " + dataType + "; Kiln writes " + NpyType.known());
        }
        return new NpyWriter(file, type, example);
    }

    /** Appends the rows of {@code batch}, {@code [n, example...]} in the writer's data type. */
    public void append(INDArray batch) throws IOException {
        if (finished) {
            throw new IllegalStateException(target + " is already finished");
        }
        long[] shape = batch.shape();
        if (batch.dataType() != type.dataType() || shape.length != example.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), example)) {
            throw new IllegalArgumentException(target + ": rows of " + Arrays.toString(example) + " " + type.dataType()
                    + " expected, got an array " + Arrays.toString(shape) + " of " + batch.dataType());
        }
        if (batch.isEmpty()) {
            return;
        }
        ByteBuffer values = Npy.littleEndianValues(batch, type);
        while (values.hasRemaining()) {
            channel.write(values);
        }
        rows += shape[0];
    }

    /** Rows appended so far. */
    public long rows() {
        return rows;
    }

    /** Writes the header for the rows appended and moves the file to its name. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        byte[] header = NpyHeader.encode(type, shape(rows), reserved);
        if (header.length != reserved) {
            throw new IllegalStateException("header of " + header.length + " bytes for the " + reserved + " reserved");
        }
        channel.write(ByteBuffer.wrap(header), 0);
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        finished = true;
    }

    /** Deletes the temporary file unless {@link #finish()} has moved it into place. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }

    private long[] shape(long count) {
        long[] shape = new long[example.length + 1];
        shape[0] = count;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }
}
