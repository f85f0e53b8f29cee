package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per-thread temporary buffers for kernels that need an intermediate array (a derivative computed
 * before it is multiplied into an in-place gradient, the second term of a GELU derivative). A slot
 * grows to the largest size requested and is then reused, so a training loop allocates nothing
 * after its first step.
 *
 * <p>A returned array is valid until the same thread asks for the same slot again; kernels never
 * let one escape. Each slot is used by one step of a kernel at a time, see the constants.
 */
final class Scratch {
    /** f'(z) in {@link ActivationKernel#backward} when the gradient is computed in place. */
    static final int DERIVATIVE = 0;
    /** A second intermediate inside one kernel (activation derivative terms, loss terms). */
    static final int WORK = 1;
    /** The gradient a loss computes along the way when only its value was asked for. */
    static final int LOSS_GRADIENT = 2;

    private static final int SLOTS = 3;

    private static final ThreadLocal<Map<DataType, INDArray[]>> BUFFERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(DataType.class));

    private Scratch() {
    }

    /** A c-ordered array with the shape and data type of {@code template}; contents are undefined. */
    static INDArray like(INDArray template, int slot) {
        DataType type = template.dataType();
        long length = template.length();
        INDArray[] slots = BUFFERS.get().computeIfAbsent(type, t -> new INDArray[SLOTS]);
        INDArray buffer = slots[slot];
        if (buffer == null || buffer.length() < length) {
            // Allocate outside any workspace the caller has open: the buffer outlives that scope.
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buffer = Nd4j.createUninitialized(type, Math.max(length, 1));
            }
            slots[slot] = buffer;
        }
        INDArray flat = buffer.length() == length ? buffer : buffer.get(NDArrayIndex.interval(0, length));
        return flat.reshape('c', template.shape());
    }
}
