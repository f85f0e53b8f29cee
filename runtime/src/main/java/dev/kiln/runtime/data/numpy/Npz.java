package dev.kiln.runtime.data.numpy;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz archives: a zip file with one .npy entry per array, stored ({@code np.savez}) or
 * deflated ({@code np.savez_compressed}), named by the array's key plus {@code .npy}. Every entry is
 * checked against the CRC its zip header records, so a damaged archive is an error naming the entry
 * rather than an array with wrong values.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    /** Every array in the archive, by key (the entry name without {@code .npy}), in archive order. */
    public static Map<String, INDArray> read(Path file) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = open(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String source = file + ":" + entry.getName();
                if (!entry.getName().endsWith(SUFFIX)) {
                    throw new NpyFormatException(source + ": an .npz archive holds only .npy entries");
                }
                arrays.put(entry.getName().substring(0, entry.getName().length() - SUFFIX.length()),
                        readEntry(zip, entry, source));
            }
        }
        return Collections.unmodifiableMap(arrays);
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(file + ": not a readable .npz (zip) archive: " + e.getMessage(), e);
        }
    }

    private static INDArray readEntry(ZipFile zip, ZipEntry entry, String source) throws IOException {
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
            INDArray array = Npy.read(in, source, true);
            if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
                throw new NpyFormatException(source + ": the entry's data does not match its CRC: the archive is damaged");
            }
            return array;
        } catch (ZipException | EOFException e) {
            throw new NpyFormatException(source + ": damaged or truncated compressed data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes the arrays as an .npz archive, deflated when {@code compressed} (as
     * {@code np.savez_compressed}) or stored (as {@code np.savez}), through a temporary file.
     */
    public static void write(Path file, Map<String, INDArray> arrays, boolean compressed) throws IOException {
        AtomicFile.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, INDArray> array : arrays.entrySet()) {
                writeEntry(zip, array.getKey(), array.getValue(), compressed);
            }
            zip.finish();
        });
    }

    private static void writeEntry(ZipOutputStream zip, String key, INDArray array, boolean compressed)
            throws IOException {
        NpyType type = NpyType.of(array.dataType());
        if (type == null) {
            throw new IllegalArgumentException("array '" + key + "': numpy has no dtype for ND4J's " + array.dataType());
        }
        byte[] header = NpyHeader.encode(type, array.shape());
        ByteBuffer values = array.isEmpty() ? ByteBuffer.allocate(0) : Npy.littleEndianValues(array, type);
        ZipEntry entry = new ZipEntry(key + SUFFIX);
        if (compressed) {
            entry.setMethod(ZipEntry.DEFLATED);
        } else {
            // A stored entry's size and CRC go in its local header, before the data.
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(values.duplicate());
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(header.length + (long) values.remaining());
            entry.setCompressedSize(entry.getSize());
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(header);
        byte[] chunk = new byte[1 << 16];
        while (values.hasRemaining()) {
            int n = Math.min(chunk.length, values.remaining());
            values.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }
}
