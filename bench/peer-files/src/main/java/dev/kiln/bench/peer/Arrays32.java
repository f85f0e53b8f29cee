package dev.kiln.bench.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files the bench and its peer workers exchange: a directory with {@code manifest.txt} (one
 * line per array: its name, then its shape) and {@code <name>.f32} per array (float32, little-endian,
 * row-major). Plain files, so a worker needs nothing of Kiln or ND4J to read them.
 */
public record Arrays32(Map<String, Array> arrays) {
    public record Array(long[] shape, float[] values) {
    }

    public static Arrays32 read(Path dir) throws IOException {
        Map<String, Array> arrays = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.txt"))) {
            String[] parts = line.trim().split(" ");
            long[] shape = new long[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                shape[i - 1] = Long.parseLong(parts[i]);
            }
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(parts[0] + ".f32"))).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            arrays.put(parts[0], new Array(shape, values));
        }
        return new Arrays32(arrays);
    }

    public Array get(String name) {
        Array a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no array " + name + " among " + arrays.keySet());
        }
        return a;
    }

    public static void write(Path dir, Map<String, Array> arrays) throws IOException {
        Files.createDirectories(dir);
        List<String> manifest = new ArrayList<>();
        for (Map.Entry<String, Array> e : arrays.entrySet()) {
            StringBuilder line = new StringBuilder(e.getKey());
            for (long d : e.getValue().shape()) {
                line.append(' ').append(d);
            }
            manifest.add(line.toString());
            ByteBuffer bytes = ByteBuffer.allocate(e.getValue().values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(e.getValue().values());
            Files.write(dir.resolve(e.getKey() + ".f32"), bytes.array());
        }
        Files.write(dir.resolve("manifest.txt"), manifest);
    }
}
