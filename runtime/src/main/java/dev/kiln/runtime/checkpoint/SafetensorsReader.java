package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors file and checks its layout before handing out any tensor: the header length
 * fits the file and a sane limit, the header is one UTF-8 JSON object without repeated keys, every
 * entry has a known dtype, a shape of non-negative sizes and offsets whose span is exactly the
 * shape's byte count, and the entries cover the data area back to back with no gap, overlap or
 * trailing bytes. Anything else is a {@link CheckpointFormatException} that says what is wrong.
 */
public final class SafetensorsReader {
    /** The reference implementation's limit on the header: larger ones are refused before reading. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private SafetensorsReader() {
    }

    /** Metadata and tensors in header order. */
    public record Contents(Map<String, String> metadata, Map<String, StoredTensor> tensors) {
    }

    private record Entry(String name, TensorType type, long[] shape, long begin, long end) {
    }

    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw problem(file, "it has " + size + " bytes; a safetensors file starts with an 8-byte header length");
            }
            long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw problem(file, "its header length field says " + Long.toUnsignedString(headerLength)
                        + " bytes, but the file has " + (size - 8) + " after the field (and headers are at most "
                        + MAX_HEADER_BYTES + "): truncated, or not a safetensors file");
            }
            ByteBuffer header = readFully(channel, 8, (int) headerLength);
            long dataStart = 8 + headerLength;
            Parsed parsed = parse(file, header);
            long dataLength = size - dataStart;
            checkCoverage(file, parsed.entries, dataLength);
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            for (Entry e : parsed.entries) {
                ByteBuffer bytes = readFully(channel, dataStart + e.begin, Math.toIntExact(e.end - e.begin));
                tensors.put(e.name, new StoredTensor(e.name, e.type, e.shape, bytes));
            }
            return new Contents(parsed.metadata, tensors);
        }
    }

    private record Parsed(Map<String, String> metadata, List<Entry> entries) {
    }

    private static Parsed parse(Path file, ByteBuffer header) throws CheckpointFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header).toString();
        } catch (CharacterCodingException e) {
            throw problem(file, "its header is not UTF-8 text");
        }
        if (!text.startsWith("{")) {
            throw problem(file, "its header does not start with '{'");
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(text)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw problem(file, "its header has text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw problem(file, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw problem(file, "its header could not be parsed (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw problem(file, "its header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(SafetensorsWriter.METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(entry(file, field.getKey(), field.getValue()));
            }
        }
        return new Parsed(metadata, entries);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> into) throws CheckpointFormatException {
        if (!node.isObject()) {
            throw problem(file, "its __metadata__ is not an object of strings");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw problem(file, "its __metadata__ value '" + field.getKey() + "' is not a string");
            }
            into.put(field.getKey(), field.getValue().textValue());
        }
    }

    private static Entry entry(Path file, String name, JsonNode node) throws CheckpointFormatException {
        if (!node.isObject()) {
            throw problem(file, "its header entry for tensor '" + name + "' is not an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!ENTRY_FIELDS.contains(field)) {
                throw problem(file, "tensor '" + name + "' has an unknown header field '" + field + "'");
            }
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw problem(file, "tensor '" + name + "' has no dtype string");
        }
        TensorType type = TensorType.named(dtype.textValue());
        if (type == null) {
            throw problem(file, "tensor '" + name + "' has dtype " + dtype.textValue() + ", which Kiln does not read"
                    + " (it reads " + Arrays.toString(TensorType.values()) + ")");
        }
        long[] shape = naturals(file, name, "shape", node.get("shape"), -1);
        long[] offsets = naturals(file, name, "data_offsets", node.get("data_offsets"), 2);
        long bytes;
        try {
            bytes = Math.multiplyExact(StoredTensor.elements(shape), type.bytes());
        } catch (ArithmeticException e) {
            throw problem(file, "tensor '" + name + "' has shape " + Arrays.toString(shape) + ", too large to hold");
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
            throw problem(file, "tensor '" + name + "' of " + type + " " + Arrays.toString(shape) + " needs " + bytes
                    + " bytes but its data_offsets are " + Arrays.toString(offsets));
        }
        if (bytes > Integer.MAX_VALUE) {
            throw problem(file, "tensor '" + name + "' has " + bytes + " bytes; Kiln reads tensors of at most "
                    + Integer.MAX_VALUE);
        }
        return new Entry(name, type, shape, offsets[0], offsets[1]);
    }

    /** An array of non-negative integers that fit a long, of the given length (or any for -1). */
    private static long[] naturals(Path file, String tensor, String field, @Nullable JsonNode node, int length)
            throws CheckpointFormatException {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw problem(file, "tensor '" + tensor + "' has no " + field + (length >= 0 ? " of " + length
                    + " integers" : " array"));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw problem(file, "tensor '" + tensor + "' has " + field + " " + node
                        + ": each entry must be a non-negative integer");
            }
            values[i] = value.longValue();
        }
        return values;
    }

    /** The entries, in offset order, must tile {@code [0, dataLength)} exactly. */
    private static void checkCoverage(Path file, List<Entry> entries, long dataLength) throws CheckpointFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin != at) {
                throw problem(file, "tensor '" + e.name + "' starts at data byte " + e.begin + " where "
                        + (e.begin < at ? "an earlier tensor still runs (overlapping ranges)" : "byte " + at
                        + " was expected (a gap)"));
            }
            at = e.end;
        }
        if (at != dataLength) {
            throw problem(file, at > dataLength
                    ? "its tensors need " + at + " data bytes but the file has " + dataLength + ": truncated"
                    : "it has " + (dataLength - at) + " bytes after the last tensor");
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CheckpointFormatException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static CheckpointFormatException problem(Path file, String what) {
        return new CheckpointFormatException(file + " is not a readable safetensors file: " + what);
    }
}
