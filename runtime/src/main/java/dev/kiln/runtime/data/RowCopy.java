package dev.kiln.runtime.data;

import dev.kiln.runtime.data.numpy.NpyType;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.ByteBuffer;

/**
 * Copies one row from a file's bytes into a batch buffer's bytes: as they are when the file holds
 * the batch's data type and no scale applies, otherwise value by value, converted (and multiplied by
 * the scale, e.g. 1/255 for image bytes). Class labels become one-hot rows. Nothing is allocated.
 */
final class RowCopy {
    private final NpyType from;
    private final DataType to;
    private final int values;
    private final double scale;
    private final boolean raw;

    RowCopy(NpyType from, DataType to, int values, double scale) {
        this.from = from;
        this.to = to;
        this.values = values;
        this.scale = scale;
        this.raw = from.dataType() == to && scale == 1.0;
    }

    /** Row at byte {@code src} of {@code in} into the row at byte {@code dst} of {@code out}. */
    void copy(ByteBuffer in, int src, ByteBuffer out, int dst) {
        if (raw) {
            out.put(dst, in, src, values * from.bytes());
            return;
        }
        int outBytes = to == DataType.DOUBLE ? 8 : 4;
        for (int i = 0; i < values; i++) {
            double value = read(in, src + i * from.bytes()) * scale;
            if (to == DataType.DOUBLE) {
                out.putDouble(dst + i * outBytes, value);
            } else {
                out.putFloat(dst + i * outBytes, (float) value);
            }
        }
    }

    /** The value of {@code type} at byte {@code at}, in the buffer's byte order. */
    double read(ByteBuffer in, int at) {
        return switch (from) {
            case BOOL, UINT8 -> in.get(at) & 0xff;
            case INT8 -> in.get(at);
            case INT16 -> in.getShort(at);
            case UINT16 -> in.getShort(at) & 0xffff;
            case INT32 -> in.getInt(at);
            case UINT32 -> in.getInt(at) & 0xffffffffL;
            case INT64 -> in.getLong(at);
            case UINT64 -> unsignedLong(in.getLong(at));
            case FLOAT16 -> halfToFloat(in.getShort(at));
            case FLOAT32 -> in.getFloat(at);
            case FLOAT64 -> in.getDouble(at);
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static double unsignedLong(long bits) {
        double value = (double) (bits >>> 1) * 2.0;
        return value + (bits & 1);
    }
}
