package dev.kiln.samples.fingerprint;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over named arrays and numbers, fed with their raw bits: the dtype, the shape and every
 * element's IEEE bit pattern in C order (float32 as 4 bytes, float64 as 8, integers as longs). Two
 * fingerprints are equal only if every value is bitwise the same, including the sign of zeros and
 * NaN payloads.
 */
final class Fingerprint {
    private final MessageDigest digest;

    Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    Fingerprint add(String name, INDArray array) {
        text(name);
        text(array.dataType().name());
        long[] shape = array.shape();
        ByteBuffer header = ByteBuffer.allocate(8 * (shape.length + 1)).putLong(shape.length);
        for (long dim : shape) {
            header.putLong(dim);
        }
        digest.update(header.array());
        INDArray c = array.dup('c');
        ByteBuffer bytes;
        if (c.dataType() == DataType.DOUBLE) {
            double[] values = c.data().asDouble();
            bytes = ByteBuffer.allocate(8 * values.length);
            for (double v : values) {
                bytes.putLong(Double.doubleToRawLongBits(v));
            }
        } else if (c.dataType() == DataType.FLOAT) {
            float[] values = c.data().asFloat();
            bytes = ByteBuffer.allocate(4 * values.length);
            for (float v : values) {
                bytes.putInt(Float.floatToRawIntBits(v));
            }
        } else if (!c.dataType().isFPType()) {
            long[] values = c.data().asLong();
            bytes = ByteBuffer.allocate(8 * values.length);
            for (long v : values) {
                bytes.putLong(v);
            }
        } else {
            throw new IllegalArgumentException(name + " is " + c.dataType() + "; fingerprints cover float32, float64 and integers");
        }
        digest.update(bytes.array());
        return this;
    }

    Fingerprint add(String name, double value) {
        text(name);
        digest.update(ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(value)).array());
        return this;
    }

    private void text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
