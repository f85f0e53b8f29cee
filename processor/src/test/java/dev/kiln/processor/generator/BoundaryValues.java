package dev.kiln.processor.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Boundary values of an annotation attribute's type, as source literals: zero, one, minus one, the
 * largest and smallest values, non-finite and float32-overflowing numbers, empty and oversized
 * arrays, every enum constant. The large scale adds values between.
 */
final class BoundaryValues {
    private static final List<String> INTS = List.of("0", "1", "-1", "Integer.MAX_VALUE", "65536");
    private static final List<String> MORE_INTS = List.of("2", "3", "7", "Integer.MIN_VALUE", "46341", "100000", "1 << 30");
    private static final List<String> LONGS = List.of("0L", "1L", "-1L", "Long.MAX_VALUE");
    private static final List<String> MORE_LONGS = List.of("2L", "Integer.MAX_VALUE + 1L", "1000000L");
    private static final List<String> DOUBLES = List.of("0.0", "-1.0", "0.5", "Double.NaN", "Double.POSITIVE_INFINITY", "1e39", "1e-50");
    private static final List<String> MORE_DOUBLES = List.of("1.0", "-0.0", "2.0", "100.0", "1e-8", "1e8", "0.999999", "1.000001",
            "-1e-8", "Double.NEGATIVE_INFINITY", "Double.MIN_VALUE", "Double.MAX_VALUE", "3.4028235e38", "1.17549435E-38");
    private static final List<String> INT_ARRAYS = List.of("{}", "{0}", "{-1}", "{2, 2}", "{Integer.MAX_VALUE}");
    private static final List<String> MORE_INT_ARRAYS = List.of("{1}", "{3, 3, 3}", "{2}", "{1, 2}", "{2, 1}", "{0, 1}", "{1, 1, 1, 1}",
            "{65536, 65536}", "{-1, 2}");
    private static final List<String> STRINGS = List.of("\"\"", "\"missing\"");

    private BoundaryValues() {
    }

    /** Literals for an attribute of type {@code type} (null for nested annotations, which have cases of their own). */
    static List<String> of(Class<?> type, boolean large) {
        if (type == int.class) {
            return join(INTS, large ? MORE_INTS : List.of());
        }
        if (type == long.class) {
            return join(LONGS, large ? MORE_LONGS : List.of());
        }
        if (type == double.class) {
            return join(DOUBLES, large ? MORE_DOUBLES : List.of());
        }
        if (type == int[].class) {
            return join(INT_ARRAYS, large ? MORE_INT_ARRAYS : List.of());
        }
        if (type == boolean.class) {
            return List.of("true", "false");
        }
        if (type == String.class) {
            return STRINGS;
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(constant -> type.getSimpleName() + "." + ((Enum<?>) constant).name()).toList();
        }
        return List.of();
    }

    private static List<String> join(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
