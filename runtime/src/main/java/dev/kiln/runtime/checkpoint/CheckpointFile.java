package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Kiln checkpoint on disk: a safetensors file whose metadata marks it as Kiln's and carries a
 * CRC32C per tensor and one over the rest of the metadata. {@link #write} adds those and replaces
 * the target atomically; {@link #read} gives back the contents only when the layout, the marker and
 * every checksum agree, so a torn or damaged file is never taken for a good one.
 */
public final class CheckpointFile {
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "kiln-checkpoint";
    static final String FORMAT_VERSION_KEY = "format_version";
    static final String FORMAT_VERSION = "1";
    static final String CHECKSUMS_KEY = "tensor_checksums";
    static final String METADATA_CHECKSUM_KEY = "metadata_checksum";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    /** Writes {@code tensors} with {@code metadata} plus the format marker and the checksums. */
    public static void write(Path target, Map<String, String> metadata, List<StoredTensor> tensors) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(FORMAT_KEY, FORMAT);
        all.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
        metadata.forEach((key, value) -> {
            if (all.containsKey(key) || key.equals(CHECKSUMS_KEY) || key.equals(METADATA_CHECKSUM_KEY)) {
                throw new IllegalArgumentException("metadata key '" + key + "' is reserved for the checkpoint format");
            }
            all.put(key, value);
        });
        Map<String, String> checksums = new LinkedHashMap<>();
        for (StoredTensor tensor : tensors) {
            checksums.put(tensor.name(), Checksums.of(tensor));
        }
        all.put(CHECKSUMS_KEY, JSON.writeValueAsString(checksums));
        all.put(METADATA_CHECKSUM_KEY, Checksums.ofMetadata(all, METADATA_CHECKSUM_KEY));
        AtomicFiles.write(target, channel -> SafetensorsWriter.write(channel, all, tensors));
    }

    /** The verified metadata (without the format's own keys) and tensors of a Kiln checkpoint. */
    public static SafetensorsReader.Contents read(Path file) throws IOException {
        SafetensorsReader.Contents contents = SafetensorsReader.read(file);
        Map<String, String> metadata = contents.metadata();
        if (!FORMAT.equals(metadata.get(FORMAT_KEY))) {
            throw new CheckpointFormatException(file + " is a safetensors file but not a Kiln checkpoint (its metadata has "
                    + (metadata.isEmpty() ? "no entries" : "keys " + new TreeSet<>(metadata.keySet())) + ", no "
                    + FORMAT_KEY + "=" + FORMAT + "); weights saved by PyTorch are read with TorchImport");
        }
        if (!FORMAT_VERSION.equals(metadata.get(FORMAT_VERSION_KEY))) {
            throw new CheckpointFormatException(file + " has checkpoint format version " + metadata.get(FORMAT_VERSION_KEY)
                    + "; this Kiln reads version " + FORMAT_VERSION);
        }
        String expected = Checksums.ofMetadata(metadata, METADATA_CHECKSUM_KEY);
        if (!expected.equals(metadata.get(METADATA_CHECKSUM_KEY))) {
            throw new CheckpointFormatException(file + " is damaged: the checksum of its metadata is "
                    + metadata.get(METADATA_CHECKSUM_KEY) + " but the metadata hashes to " + expected);
        }
        Map<String, String> checksums = checksums(file, metadata.get(CHECKSUMS_KEY));
        if (!checksums.keySet().equals(contents.tensors().keySet())) {
            TreeSet<String> missing = new TreeSet<>(checksums.keySet());
            missing.removeAll(contents.tensors().keySet());
            TreeSet<String> extra = new TreeSet<>(contents.tensors().keySet());
            extra.removeAll(checksums.keySet());
            throw new CheckpointFormatException(file + " is damaged: tensors listed in its checksums but absent " + missing
                    + ", present but not listed " + extra);
        }
        for (StoredTensor tensor : contents.tensors().values()) {
            String actual = Checksums.of(tensor);
            if (!actual.equals(checksums.get(tensor.name()))) {
                throw new CheckpointFormatException(file + " is damaged: tensor " + tensor + " has checksum " + actual
                        + " but the file says " + checksums.get(tensor.name()));
            }
        }
        Map<String, String> own = new LinkedHashMap<>(metadata);
        List.of(FORMAT_KEY, FORMAT_VERSION_KEY, CHECKSUMS_KEY, METADATA_CHECKSUM_KEY).forEach(own::remove);
        return new SafetensorsReader.Contents(own, contents.tensors());
    }

    private static Map<String, String> checksums(Path file, @Nullable String json) throws CheckpointFormatException {
        if (json == null) {
            throw new CheckpointFormatException(file + " is damaged: its metadata has no " + CHECKSUMS_KEY);
        }
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file + " is damaged: its " + CHECKSUMS_KEY + " are not a JSON map of"
                    + " strings (" + e.getOriginalMessage() + ")");
        }
    }
}
