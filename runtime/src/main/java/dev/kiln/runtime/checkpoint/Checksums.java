package dev.kiln.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * CRC32C checksums that let a reader tell a whole checkpoint from a damaged one: one per tensor over
 * its name, dtype, shape and bytes (so a flipped bit in the header's shape or a swapped name is
 * caught as surely as one in the data), and one over all other metadata entries. Written as 8
 * lowercase hex digits.
 */
final class Checksums {
    private Checksums() {
    }

    static String of(StoredTensor tensor) {
        CRC32C crc = new CRC32C();
        crc.update(tensor.name().getBytes(StandardCharsets.UTF_8));
        crc.update(0);
        crc.update(tensor.type().name().getBytes(StandardCharsets.US_ASCII));
        ByteBuffer shape = ByteBuffer.allocate(8 * (tensor.shape().length + 1)).order(ByteOrder.LITTLE_ENDIAN);
        shape.putLong(tensor.shape().length);
        for (long d : tensor.shape()) {
            shape.putLong(d);
        }
        crc.update(shape.flip());
        crc.update(tensor.data().duplicate());
        return hex(crc.getValue());
    }

    /** Over every entry but {@code excluded}, in key order: each key and value followed by a 0 byte. */
    static String ofMetadata(Map<String, String> metadata, String excluded) {
        CRC32C crc = new CRC32C();
        metadata.entrySet().stream().filter(e -> !e.getKey().equals(excluded)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    crc.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                    crc.update(0);
                    crc.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                    crc.update(0);
                });
        return hex(crc.getValue());
    }

    private static String hex(long value) {
        return String.format("%08x", value);
    }
}
