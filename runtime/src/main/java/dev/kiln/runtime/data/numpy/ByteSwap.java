package dev.kiln.runtime.data.numpy;

import java.nio.ByteBuffer;

/** Reverses the bytes of each element in place: between a file's byte order and the machine's. */
final class ByteSwap {
    private ByteSwap() {
    }

    /** Swaps every {@code size}-byte element between the buffer's position and its limit. */
    static void swap(ByteBuffer buffer, int size) {
        if (size == 1) {
            return;
        }
        for (int start = buffer.position(); start + size <= buffer.limit(); start += size) {
            for (int i = 0, j = size - 1; i < j; i++, j--) {
                byte b = buffer.get(start + i);
                buffer.put(start + i, buffer.get(start + j));
                buffer.put(start + j, b);
            }
        }
    }
}
