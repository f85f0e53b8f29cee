package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.Map;

/**
 * A scalar array per thread and data type that element-wise kernels load a number into before a
 * prepared broadcast op reads it: x · c as the prepared "multiply" of x and this register. libnd4j's
 * scalar ops (ScalarMultiplication and the like) take the number as a Java double, but ND4J wraps it
 * in a new scalar array on every call. The register is valid until the next {@link #of} on the same
 * thread, so an op must use at most one register value.
 */
final class ScalarRegister {
    private static final ThreadLocal<Map<DataType, INDArray>> REGISTERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(DataType.class));

    private ScalarRegister() {
    }

    /** This thread's register for {@code type}, holding {@code value}. */
    static INDArray of(DataType type, double value) {
        INDArray register = REGISTERS.get().get(type);
        if (register == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                register = Nd4j.scalar(type, 0);
            }
            REGISTERS.get().put(type, register);
        }
        register.putScalar(0, value);
        return register;
    }
}
