package dev.kiln.samples.fingerprint;

import dev.kiln.runtime.kernels.Backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The recorded fingerprints of one environment: {@code src/test/resources/fingerprints/<environment>.properties}
 * in the samples module, one line {@code <case>.<part>=<sha-256>} per part of each case. The bits of a
 * float computation depend on the native binary (its kernels and vector width) and the CPU, so the
 * environment is the loaded ND4J classifier and the CPU model; another machine records its own file.
 */
final class Goldens {
    /** Set to {@code all} or to case names separated by commas to record them (scripts/record-fingerprints.sh). */
    static final String RECORD_VARIABLE = "KILN_RECORD_FINGERPRINTS";

    private Goldens() {
    }

    /** For example {@code linux-x86_64-onednn-avx512__intel-xeon-platinum-8375c-cpu-2.90ghz}. */
    static String environment() {
        return slug(Backend.current().binary()) + "__" + slug(cpuModel());
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux): the architecture is what there is to go by
        }
        return System.getProperty("os.arch");
    }

    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\((r|tm)\\)", "").replaceAll("[^a-z0-9.]+", "-")
                .replaceAll("^-|-$", "");
    }

    static Path file() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "fingerprints", environment() + ".properties");
    }

    /** The recorded fingerprints of this environment, or empty when it has none. */
    static Optional<Map<String, String>> read() throws IOException {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        properties.forEach((key, value) -> values.put((String) key, (String) value));
        return Optional.of(values);
    }

    /**
     * The part that {@code key} records of case {@code name}, if it is one of its lines:
     * {@code FashionMlp.weights} is FashionMlp's, {@code FashionMlp.trainer.weights} is not (parts have no dot).
     */
    static Optional<String> part(String key, String name) {
        if (!key.startsWith(name + ".")) {
            return Optional.empty();
        }
        String part = key.substring(name.length() + 1);
        return part.contains(".") ? Optional.empty() : Optional.of(part);
    }

    /** The cases to record, from {@link #RECORD_VARIABLE}: empty when not recording. */
    static Set<String> casesToRecord() {
        String value = System.getenv(RECORD_VARIABLE);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Set.of(value.trim().split("\\s*,\\s*"));
    }

    static boolean recordsAll(Set<String> cases) {
        return cases.contains("all");
    }

    /**
     * Writes {@code recorded} (case name to its parts) into this environment's file: with {@code all},
     * the file becomes exactly these cases; otherwise only the named cases' lines are replaced.
     */
    static void write(Map<String, Map<String, String>> recorded, boolean all) throws IOException {
        Map<String, String> lines = all ? new TreeMap<>() : new TreeMap<>(read().orElse(Map.of()));
        for (Map.Entry<String, Map<String, String>> entry : recorded.entrySet()) {
            lines.keySet().removeIf(key -> part(key, entry.getKey()).isPresent());
            entry.getValue().forEach((part, hex) -> lines.put(entry.getKey() + "." + part, hex));
        }
        List<String> text = new ArrayList<>();
        text.add("# Bitwise fingerprints (SHA-256 of the raw float bits) of FingerprintTest's runs on " + environment() + ".");
        text.add("# Recorded on: " + Backend.current().describe());
        text.add("# Re-record one case deliberately with scripts/record-fingerprints.sh <case>, all with scripts/record-fingerprints.sh all.");
        lines.forEach((key, hex) -> text.add(key + "=" + hex));
        Files.createDirectories(file().getParent());
        Files.write(file(), text, StandardCharsets.UTF_8);
    }
}
