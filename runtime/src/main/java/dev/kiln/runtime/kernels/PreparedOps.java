package dev.kiln.runtime.kernels;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared ops whose arguments vary by layer (a convolution's or a pooling's geometry, an
 * activation's parameter), one per thread and distinct call pattern: the name, the integer and float
 * argument values and the numbers of inputs and outputs. A model has a handful of such patterns, so
 * the map stays small; layers that share a pattern share the op, which then re-sends its arrays when
 * called for the other layer (a pointer update, no allocation).
 */
final class PreparedOps {
    private static final ThreadLocal<Map<Key, PreparedOp>> OPS = ThreadLocal.withInitial(() -> {
        NativeThreads.configureCurrentThread();
        return new HashMap<>();
    });
    private static final int[] NO_INTS = {};
    private static final double[] NO_FLOATS = {};

    private record Key(String name, int inputs, int outputs, Args args, boolean helpers) {
    }

    /** The argument arrays with value equality, for the map key. */
    private record Args(int[] integers, double[] floats) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Args other && Arrays.equals(integers, other.integers)
                    && Arrays.equals(floats, other.floats);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(integers) + Arrays.hashCode(floats);
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
        return of(name, helpers, inputs, outputs, integerArgs, NO_FLOATS);
    }

    /** This thread's prepared {@code name} with these float arguments and no integer arguments. */
    static PreparedOp withFloats(String name, int inputs, int outputs, double... floatArgs) {
        return of(name, true, inputs, outputs, NO_INTS, floatArgs);
    }

    private static PreparedOp of(String name, boolean helpers, int inputs, int outputs, int[] integerArgs,
                                 double[] floatArgs) {
        Key key = new Key(name, inputs, outputs, new Args(integerArgs, floatArgs), helpers);
        PreparedOp op = OPS.get().get(key);
        if (op == null) {
            op = PreparedOp.of(name, inputs, outputs, Arrays.stream(integerArgs).asLongStream().toArray(), floatArgs,
                    helpers);
            OPS.get().put(key, op);
        }
        return op;
    }
}
