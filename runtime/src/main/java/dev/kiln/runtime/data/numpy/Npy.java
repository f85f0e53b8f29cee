package dev.kiln.runtime.data.numpy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * NumPy's .npy files, read and written by Kiln itself: every plain numeric dtype in either byte
 * order, C or Fortran order, 0-d arrays (a scalar of rank 0) and empty arrays. Arrays come back in
 * C order with the ND4J type of the same width ({@link NpyType}); Kiln writes format version 1.0
 * (2.0 for a header too long for it), little-endian, C order, the header padded to 64 bytes as
 * numpy does. ND4J's own reader, {@code Nd4j.createFromNpyFile}, fails on 0-d arrays and on
 * compressed .npz entries, hence this one. An array is read completely or not at all: a truncated
 * file is an error naming it, never a partly filled array.
 */
public final class Npy {
    // Reads and writes of one ND4J buffer go through a ByteBuffer, whose size is an int.
    static final long MAX_BYTES = Integer.MAX_VALUE;

    private Npy() {
    }

    /** The array in a .npy file. */
    public static INDArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), true);
        }
    }

    /** The header alone: type, order and shape, without reading the values. */
    public static NpyHeader header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return NpyHeader.read(in, file.toString());
        }
    }

    /**
     * Reads one array from {@code in}, which is left after its last value; {@code source} names it in
     * errors. With {@code wholeStream} the stream must end there.
     */
    static INDArray read(InputStream in, String source, boolean wholeStream) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        NpyHeader header = NpyHeader.read(buffered, source);
        INDArray array = values(buffered, header, source);
        if (wholeStream && buffered.read() != -1) {
            throw new NpyFormatException(source + ": has data after the " + header.elementCount() + " values of shape "
                    + Arrays.toString(header.shape()) + " its header declares");
        }
        return array;
    }

    private static INDArray values(InputStream in, NpyHeader header, String source) throws IOException {
        long bytes = header.dataBytes();
        if (bytes > MAX_BYTES) {
            throw new NpyFormatException(source + ": " + bytes + " bytes of values " + Arrays.toString(header.shape())
                    + " are more than one array Kiln reads at once holds (2 GiB); stream it with NpyBatches");
        }
        if (header.elementCount() == 0) {
            return Nd4j.create(header.type().dataType(), header.shape());
        }
        INDArray array = Nd4j.createUninitialized(header.type().dataType(), header.shape(), header.fortranOrder() ? 'f' : 'c');
        ByteBuffer buffer = array.data().asNio();
        buffer.limit((int) bytes).position(0);
        ReadableByteChannel channel = Channels.newChannel(in);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new NpyFormatException(source + ": truncated: the header declares " + header.elementCount() + " "
                        + header.type().descr() + " values " + Arrays.toString(header.shape()) + " but the file ends after "
                        + buffer.position() / header.type().bytes());
            }
        }
        if (!header.byteOrder().equals(ByteOrder.nativeOrder())) {
            buffer.flip();
            ByteSwap.swap(buffer, header.type().bytes());
        }
        return header.fortranOrder() && array.rank() > 1 ? array.dup('c') : array;
    }

    /** Writes {@code array} as a .npy file, through a temporary file so a reader never sees half of one. */
    public static void write(Path file, INDArray array) throws IOException {
        AtomicFile.write(file, out -> write(out, array));
    }

    /** Writes {@code array} in .npy format to {@code out}, which stays open. */
    public static void write(OutputStream out, INDArray array) throws IOException {
        NpyType type = NpyType.of(array.dataType());
        if (type == null) {
            throw new IllegalArgumentException("numpy has no dtype for ND4J's " + array.dataType() + "; Kiln writes "
                    + NpyType.known());
        }
        out.write(NpyHeader.encode(type, array.shape()));
        if (array.isEmpty()) {
            out.flush();
            return;
        }
        ByteBuffer values = littleEndianValues(array, type);
        WritableByteChannel channel = Channels.newChannel(out);
        while (values.hasRemaining()) {
            channel.write(values);
        }
        out.flush();
    }

    /** The array's values in C order, little-endian: its own buffer when it already is that, else a copy. */
    static ByteBuffer littleEndianValues(INDArray array, NpyType type) {
        INDArray contiguous = isWholeBuffer(array) ? array : array.dup('c');
        long bytes = contiguous.length() * type.bytes();
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("an array of " + bytes + " bytes " + Arrays.toString(array.shape())
                    + " is larger than Kiln writes at once (2 GiB); write it in parts with NpyWriter");
        }
        ByteBuffer values = contiguous.data().asNio();
        values.limit((int) bytes).position(0);
        if (!ByteOrder.nativeOrder().equals(ByteOrder.LITTLE_ENDIAN)) {
            ByteBuffer copy = ByteBuffer.allocate((int) bytes).put(values).flip();
            ByteSwap.swap(copy, type.bytes());
            return copy;
        }
        return values;
    }

    private static boolean isWholeBuffer(INDArray array) {
        return array.ordering() == 'c' && !array.isView() && array.offset() == 0 && array.data().length() == array.length();
    }
}
