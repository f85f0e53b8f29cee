package dev.kiln.runtime.checkpoint;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated damage: every truncation, random bit flips anywhere, and hand-made hostile headers. Each
 * must be refused with a {@link CheckpointFormatException} (never another exception, never contents).
 */
class CorruptFilesTest {
    private static final int FLIPS = 3000;

    @TempDir
    Path dir;
    private byte[] good;

    @BeforeEach
    void writeAGoodFile() throws IOException {
        Path file = dir.resolve("good.safetensors");
        CheckpointFile.write(file, Map.of("model", "Tiny", "trainer", "{\"epoch\":3}"), SafetensorsFormatTest.sampleTensors());
        good = Files.readAllBytes(file);
        CheckpointFile.read(file);
    }

    private void refused(byte[] bytes, String what) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        try {
            CheckpointFile.read(file);
            fail(what + " was read as a good checkpoint");
        } catch (CheckpointFormatException expected) {
            assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
        } catch (Exception other) {
            throw new AssertionError(what + " gave " + other + " instead of a CheckpointFormatException", other);
        }
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        for (int length = 0; length < good.length; length++) {
            refused(java.util.Arrays.copyOf(good, length), "the first " + length + " of " + good.length + " bytes");
        }
    }

    @Test
    void everyRandomBitFlipIsCaught() throws IOException {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < FLIPS; i++) {
            byte[] bytes = good.clone();
            int at = random.nextInt(bytes.length);
            int bit = random.nextInt(8);
            bytes[at] ^= (byte) (1 << bit);
            refused(bytes, "bit " + bit + " of byte " + at + " flipped");
        }
    }

    @Test
    void appendedBytesAreRefused() throws IOException {
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        refused(longer, "three trailing bytes");
    }

    /** A file with the given header text and {@code data} bytes of data, the length field set right. */
    private static byte[] file(String header, int data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json)
                .array();
    }

    private static byte[] withLength(long length) {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        return bytes;
    }

    @Test
    void hostileHeadersAreRefused() throws IOException {
        refused(withLength(Long.MAX_VALUE), "header length 2^63-1");
        refused(withLength(-1), "header length 2^64-1");
        refused(withLength(1L << 40), "header length 2^40");
        refused(withLength(0), "header length 0");
        String entry = "{\"dtype\":\"F32\",\"shape\":%s,\"data_offsets\":%s}";
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("negative offset", "{\"a\":" + entry.formatted("[1]", "[-4,0]") + "}");
        headers.put("huge offsets", "{\"a\":" + entry.formatted("[1]", "[18446744073709551612,18446744073709551616]") + "}");
        headers.put("offsets past the data", "{\"a\":" + entry.formatted("[1]", "[4,8]") + "}");
        headers.put("overlapping ranges", "{\"a\":" + entry.formatted("[1]", "[0,4]") + ",\"b\":" + entry.formatted("[1]", "[0,4]") + "}");
        headers.put("a gap", "{\"a\":" + entry.formatted("[1]", "[0,4]") + ",\"b\":" + entry.formatted("[0]", "[8,8]") + "}");
        headers.put("shape and offsets disagree", "{\"a\":" + entry.formatted("[2]", "[0,4]") + "}");
        headers.put("negative dimension", "{\"a\":" + entry.formatted("[-1]", "[0,4]") + "}");
        headers.put("overflowing shape", "{\"a\":" + entry.formatted("[4294967296,4294967296,4294967296]", "[0,4]") + "}");
        headers.put("fractional dimension", "{\"a\":" + entry.formatted("[1.5]", "[0,4]") + "}");
        headers.put("reversed offsets", "{\"a\":" + entry.formatted("[1]", "[4,0]") + "}");
        headers.put("three offsets", "{\"a\":" + entry.formatted("[1]", "[0,2,4]") + "}");
        headers.put("unknown dtype", "{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        headers.put("missing dtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}");
        headers.put("extra field", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}");
        headers.put("repeated key", "{\"a\":" + entry.formatted("[1]", "[0,4]") + ",\"a\":" + entry.formatted("[1]", "[0,4]") + "}");
        headers.put("non-string metadata", "{\"__metadata__\":{\"format\":1},\"a\":" + entry.formatted("[1]", "[0,4]") + "}");
        headers.put("array header", "[1,2,3]");
        headers.put("deep nesting", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        headers.put("text after the object", "{\"a\":" + entry.formatted("[1]", "[0,4]") + "}x");
        headers.put("two objects", "{\"a\":" + entry.formatted("[1]", "[0,4]") + "}{}");
        headers.put("not JSON", "{garbage");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            refused(file(header.getValue(), 4), header.getKey());
        }
        byte[] notUtf8 = file("{\"\u00e9\":1}", 0);
        notUtf8[10] = (byte) 0xFF;
        refused(notUtf8, "a header that is not UTF-8");
    }

    @Test
    void aForeignSafetensorsFileIsNamedAsSuch() throws IOException {
        Path file = dir.resolve("torch.safetensors");
        Files.write(file, file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        SafetensorsReader.read(file);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> CheckpointFile.read(file));
        assertTrue(e.getMessage().contains("not a Kiln checkpoint"), e.getMessage());
    }
}
