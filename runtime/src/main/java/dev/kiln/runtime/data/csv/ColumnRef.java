package dev.kiln.runtime.data.csv;

import java.util.List;

/** A column named by its header name or by its 0-based position, resolved once the header is known. */
record ColumnRef(String name, int index) {

    static ColumnRef named(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column name must not be empty");
        }
        return new ColumnRef(name, -1);
    }

    static ColumnRef at(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("column indices start at 0, got " + index);
        }
        return new ColumnRef(null, index);
    }

    static List<ColumnRef> named(String... names) {
        return java.util.Arrays.stream(names).map(ColumnRef::named).toList();
    }

    static List<ColumnRef> at(int... indices) {
        return java.util.Arrays.stream(indices).mapToObj(ColumnRef::at).toList();
    }

    /** The 0-based position of this column among {@code names}; the error lists the columns there are. */
    int resolve(List<String> names, String file) throws TableFormatException {
        if (name == null) {
            if (index >= names.size()) {
                throw new TableFormatException(file + ": column " + index + " does not exist: the table has "
                        + names.size() + " columns (0 to " + (names.size() - 1) + ")");
            }
            return index;
        }
        int found = names.indexOf(name);
        if (found < 0) {
            throw new TableFormatException(file + ": no column named '" + name + "'; the columns are " + names);
        }
        return found;
    }

    @Override
    public String toString() {
        return name != null ? "'" + name + "'" : "column " + index;
    }
}
