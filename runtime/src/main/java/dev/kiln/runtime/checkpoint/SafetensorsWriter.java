package dev.kiln.runtime.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the safetensors layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * (the {@code __metadata__} string map first, then one entry per tensor with its dtype, shape and
 * {@code [begin, end)} byte offsets into the data), padded with spaces so the data starts on an
 * 8-byte boundary, then the tensors' bytes back to back in the order given.
 */
public final class SafetensorsWriter {
    static final String METADATA_KEY = "__metadata__";
    private static final int ALIGNMENT = 8;
    private static final JsonFactory JSON = new JsonFactory();

    private SafetensorsWriter() {
    }

    public static void write(WritableByteChannel out, Map<String, String> metadata, List<StoredTensor> tensors)
            throws IOException {
        byte[] header = header(metadata, tensors);
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        writeFully(out, length);
        writeFully(out, ByteBuffer.wrap(header));
        for (StoredTensor tensor : tensors) {
            writeFully(out, tensor.data().duplicate());
        }
    }

    /** The JSON header, padded with spaces so that 8 + its length is a multiple of 8. */
    static byte[] header(Map<String, String> metadata, List<StoredTensor> tensors) throws IOException {
        Set<String> names = new HashSet<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            if (!metadata.isEmpty()) {
                json.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> entry : metadata.entrySet()) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
                json.writeEndObject();
            }
            long offset = 0;
            for (StoredTensor tensor : tensors) {
                if (tensor.name().equals(METADATA_KEY) || !names.add(tensor.name())) {
                    throw new IllegalArgumentException("tensor name '" + tensor.name() + "' is "
                            + (names.contains(tensor.name()) ? "given twice" : "reserved"));
                }
                json.writeObjectFieldStart(tensor.name());
                json.writeStringField("dtype", tensor.type().name());
                json.writeArrayFieldStart("shape");
                for (long d : tensor.shape()) {
                    json.writeNumber(d);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("data_offsets");
                json.writeNumber(offset);
                offset += tensor.byteCount();
                json.writeNumber(offset);
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        while ((8 + bytes.size()) % ALIGNMENT != 0) {
            bytes.write(' ');
        }
        return bytes.toByteArray();
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
