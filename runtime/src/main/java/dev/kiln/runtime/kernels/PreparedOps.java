package dev.kiln.runtime.kernels;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared ops whose integer arguments vary by layer (a convolution's or a pooling's geometry), one
 * per thread and distinct call pattern: the name, the argument values and the numbers of inputs and
 * outputs. A model has a handful of such patterns, so the map stays small; layers that share a
 * pattern share the op, which then re-sends its arrays when called for the other layer (a pointer
 * update, no allocation).
 */
final class PreparedOps {
    private static final ThreadLocal<Map<Key, PreparedOp>> OPS = ThreadLocal.withInitial(() -> {
        NativeThreads.configureCurrentThread();
        return new HashMap<>();
    });
    private static final double[] NO_FLOATS = {};

    private record Key(String name, int inputs, int outputs, IntArgs args, boolean helpers) {
    }

    /** int[] with value equality, for the map key. */
    private record IntArgs(int[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IntArgs other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    private PreparedOps() {
    }

    /** This thread's prepared {@code name} with these integer arguments and no float arguments. */
    static PreparedOp of(String name, int inputs, int outputs, int... integerArgs) {
        return of(name, true, inputs, outputs, integerArgs);
    }

    /** As {@link #of(String, int, int, int...)}; {@code helpers} false keeps libnd4j off its platform helpers. */
    static PreparedOp of(String name, boolean helpers, int inputs, int outputs, int... integerArgs) {
        Key key = new Key(name, inputs, outputs, new IntArgs(integerArgs), helpers);
        PreparedOp op = OPS.get().get(key);
        if (op == null) {
            op = PreparedOp.of(name, inputs, outputs, Arrays.stream(integerArgs).asLongStream().toArray(), NO_FLOATS,
                    helpers);
            OPS.get().put(key, op);
        }
        return op;
    }
}
