package dev.kiln.runtime.data.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The values of one column, collected row by row as compactly as they are used: numbers as
 * doubles (NaN where missing), categories as codes into the labels seen (-1 where missing). Labels
 * get codes in order of first appearance; {@link CategoryOrder} decides their final order.
 */
abstract sealed class CellValues {
    final int column;
    final String name;
    int size;

    CellValues(int column, String name) {
        this.column = column;
        this.name = name;
    }

    /** Adds the value of the next row; problems go to {@code problems} with the row's line. */
    abstract void add(String cell, boolean missing, long line, Problems problems);

    abstract boolean isMissing(int row);

    /** How error messages name the column: {@code 2 ('petal length')}. */
    String describe() {
        return column + " ('" + name + "')";
    }

    static int grown(int capacity) {
        return Math.max(16, capacity + (capacity >> 1));
    }

    /** A numeric column. */
    static final class Numbers extends CellValues {
        // Decimal notation as written in data files; Double.parseDouble alone would also take
        // "0x1p3", "1d", "1f" or "Infinity", which in a table are typos, not numbers.
        private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

        double[] values = new double[16];

        Numbers(int column, String name) {
            super(column, name);
        }

        @Override
        void add(String cell, boolean missing, long line, Problems problems) {
            if (size == values.length) {
                values = Arrays.copyOf(values, grown(size));
            }
            double value = Double.NaN;
            if (!missing) {
                if (!NUMBER.matcher(cell).matches()) {
                    problems.at(line, describe(), "'" + cell + "' is not a number (declare the column categorical if it"
                            + " holds categories, or list the token with missingTokens(...) if it means missing)");
                } else {
                    value = Double.parseDouble(cell);
                    if (!Double.isFinite(value)) {
                        problems.at(line, describe(), "'" + cell + "' is too large for a double");
                        value = Double.NaN;
                    }
                }
            }
            values[size++] = value;
        }

        @Override
        boolean isMissing(int row) {
            return Double.isNaN(values[row]);
        }
    }

    /** A categorical column (also a class or binary target). */
    static final class Labels extends CellValues {
        int[] codes = new int[16];
        final List<String> labels = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        Labels(int column, String name) {
            super(column, name);
        }

        @Override
        void add(String cell, boolean missing, long line, Problems problems) {
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, grown(size));
            }
            codes[size++] = missing ? -1 : index.computeIfAbsent(cell, label -> {
                labels.add(label);
                return labels.size() - 1;
            });
        }

        @Override
        boolean isMissing(int row) {
            return codes[row] < 0;
        }

        /** The label of a row, or null where missing. */
        String label(int row) {
            return codes[row] < 0 ? null : labels.get(codes[row]);
        }

        /** How often each label (by code) occurs among the rows not in {@code excluded}. */
        long[] counts(boolean[] excluded) {
            long[] counts = new long[labels.size()];
            for (int row = 0; row < size; row++) {
                if (codes[row] >= 0 && !excluded[row]) {
                    counts[codes[row]]++;
                }
            }
            return counts;
        }
    }

    /** Whether {@code cell} is one of the tokens that mean missing. */
    static boolean missing(String cell, Set<String> tokens) {
        return tokens.contains(cell);
    }
}
