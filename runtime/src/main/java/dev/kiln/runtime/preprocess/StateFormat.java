package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state maps of the fitted preprocessing steps (named arrays) and their binary form: a header,
 * then per step its kind and each array in ND4J's binary format. Text, which ND4J cannot write as a
 * string array, is held as the UTF-8 bytes of each string behind its length.
 */
final class StateFormat {
    static final String MAGIC = "kiln-input-transform";
    // 2: a count of steps after the version, so one stream can hold a table encoding and transforms.
    static final int VERSION = 2;

    /** One step read back: its kind and its state. */
    record Step(String kind, Map<String, INDArray> state) {
    }

    private StateFormat() {
    }

    static INDArray get(Map<String, INDArray> state, String kind, String key) {
        INDArray value = state.get(key);
        if (value == null) {
            throw new IllegalArgumentException(kind + " state has no '" + key + "'; it has " + state.keySet());
        }
        return value.dup();
    }

    static double scalar(Map<String, INDArray> state, String kind, String key) {
        return get(state, kind, key).getDouble(0);
    }

    static INDArray scalar(double value) {
        return Nd4j.scalar(DataType.DOUBLE, value);
    }

    static INDArray shape(long[] shape) {
        return Nd4j.createFromArray(shape.clone());
    }

    static long[] shape(Map<String, INDArray> state, String kind, String key) {
        return get(state, kind, key).toLongVector();
    }

    /** Strings as one byte array: for each, its UTF-8 length (4 bytes, big-endian), then its UTF-8 bytes. */
    static INDArray text(List<String> strings) {
        List<byte[]> encoded = new ArrayList<>();
        int total = 0;
        for (String s : strings) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            encoded.add(bytes);
            total += 4 + bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        for (byte[] bytes : encoded) {
            buffer.putInt(bytes.length).put(bytes);
        }
        // A zero-length array is an empty ND4J array that its binary format does not carry; keep one byte.
        byte[] content = total == 0 ? new byte[] {0} : buffer.array();
        INDArray array = Nd4j.createFromArray(content);
        return total == 0 ? array.reshape(1) : array;
    }

    static List<String> text(Map<String, INDArray> state, String kind, String key) {
        INDArray array = get(state, kind, key);
        byte[] bytes = new byte[(int) array.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) array.getInt(i);
        }
        List<String> strings = new ArrayList<>();
        if (bytes.length == 1 && bytes[0] == 0) {
            return strings;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < 4) {
                throw new IllegalArgumentException(kind + " state '" + key + "' is not text: it ends inside a length");
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException(kind + " state '" + key + "' is not text: a string of " + length
                        + " bytes where " + buffer.remaining() + " are left");
            }
            byte[] utf8 = new byte[length];
            buffer.get(utf8);
            strings.add(new String(utf8, StandardCharsets.UTF_8));
        }
        return strings;
    }

    /** One string. */
    static String word(Map<String, INDArray> state, String kind, String key) {
        List<String> strings = text(state, kind, key);
        if (strings.size() != 1) {
            throw new IllegalArgumentException(kind + " state '" + key + "' holds " + strings.size() + " strings, not one");
        }
        return strings.get(0);
    }

    /** Writes the header and then the steps. */
    static void write(List<Step> steps, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(steps.size());
        for (Step step : steps) {
            data.writeUTF(step.kind());
            data.writeInt(step.state().size());
            for (Map.Entry<String, INDArray> entry : step.state().entrySet()) {
                data.writeUTF(entry.getKey());
                Nd4j.write(entry.getValue(), data);
            }
        }
        data.flush();
    }

    /** Reads what {@link #write} wrote. */
    static List<Step> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic = data.readUTF();
        int version = data.readInt();
        if (!MAGIC.equals(magic) || version != VERSION) {
            throw new IOException("not a Kiln input transform (version " + VERSION + "): header '" + magic + "' version "
                    + version);
        }
        int count = data.readInt();
        List<Step> steps = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String kind = data.readUTF();
            int entries = data.readInt();
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (int i = 0; i < entries; i++) {
                String key = data.readUTF();
                state.put(key, Nd4j.read(data));
            }
            steps.add(new Step(kind, state));
        }
        return steps;
    }
}
