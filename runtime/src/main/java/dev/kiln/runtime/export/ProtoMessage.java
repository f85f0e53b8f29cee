package dev.kiln.runtime.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message under construction, fields written in the order they are added with
 * protobuf-java's {@link CodedOutputStream}. Nested messages are finished first and embedded as
 * length-delimited fields; repeated fields are written one entry at a time (the unpacked form every
 * protobuf reader accepts).
 */
final class ProtoMessage {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    ProtoMessage string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    ProtoMessage int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    ProtoMessage int32(int field, int value) {
        return write(() -> out.writeInt32(field, value));
    }

    ProtoMessage float32(int field, float value) {
        return write(() -> out.writeFloat(field, value));
    }

    ProtoMessage bytes(int field, byte[] value) {
        return write(() -> out.writeBytes(field, ByteString.copyFrom(value)));
    }

    ProtoMessage message(int field, ProtoMessage value) {
        byte[] content = value.toByteArray();
        return write(() -> out.writeByteArray(field, content));
    }

    byte[] toByteArray() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private ProtoMessage write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return this;
    }
}
