package dev.kiln.dsl;

import java.util.Locale;

/** Formatting of numbers in messages, summaries and generated comments. */
public final class Numbers {
    private Numbers() {
    }

    /** 0.01 stays 0.01, 2.0 becomes 2, 1.0E-5 stays 1.0E-5: the shortest honest form. */
    public static String compact(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** At most six significant digits: sqrt(2) becomes 1.41421, 0.01 stays 0.01. */
    public static String significant(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return compact(value);
        }
        String text = String.format(Locale.ROOT, "%.6g", value);
        if (text.contains("e")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** 11689512 becomes 11,689,512. */
    public static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
