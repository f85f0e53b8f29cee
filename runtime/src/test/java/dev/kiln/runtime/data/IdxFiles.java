package dev.kiln.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, following the format description independently of the reader. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** The bytes of an IDX file of {@code type} (its header code) holding {@code values}, written as that type. */
    static byte[] bytes(int typeCode, int[] shape, double... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // DataOutputStream is big-endian, as IDX is
        out.write(new byte[] {0, 0, (byte) typeCode, (byte) shape.length});
        for (int dim : shape) {
            out.writeInt(dim);
        }
        for (double value : values) {
            switch (typeCode) {
                case 0x08, 0x09 -> out.writeByte((int) value);
                case 0x0B -> out.writeShort((int) value);
                case 0x0C -> out.writeInt((int) value);
                case 0x0D -> out.writeFloat((float) value);
                case 0x0E -> out.writeDouble(value);
                default -> throw new IllegalArgumentException("type " + typeCode);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    /** Writes the four Fashion-MNIST files into {@code directory}: gzip-compressed tiny splits of 28x28 images. */
    static void writeTinyFashionMnist(Path directory, int trainSize, int testSize, boolean gzip) throws IOException {
        Files.createDirectories(directory);
        writeSplit(directory, "train", trainSize, gzip);
        writeSplit(directory, "t10k", testSize, gzip);
    }

    private static void writeSplit(Path directory, String prefix, int n, boolean gzip) throws IOException {
        double[] pixels = new double[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 7) % 256;
        }
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 3) % 10;
        }
        byte[] images = bytes(0x08, new int[] {n, 28, 28}, pixels);
        byte[] labelBytes = bytes(0x08, new int[] {n}, labels);
        String suffix = gzip ? ".gz" : "";
        write(directory.resolve(prefix + "-images-idx3-ubyte" + suffix), gzip ? gzip(images) : images);
        write(directory.resolve(prefix + "-labels-idx1-ubyte" + suffix), gzip ? gzip(labelBytes) : labelBytes);
    }
}
