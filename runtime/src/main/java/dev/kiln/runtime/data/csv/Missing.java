package dev.kiln.runtime.data.csv;

/**
 * What the CSV loader does with a missing value: an empty field or one of the missing tokens
 * ({@link CsvLoader#missingTokens}). Declared per column or for every feature column; the default is
 * {@link #error()}. Fill values computed from the data (mean, most frequent) are computed on the
 * table the encoding is fitted on, the training table, and then kept fixed in the encoding.
 */
public final class Missing {
    enum Kind { ERROR, DROP_ROW, MEAN, MOST_FREQUENT, NUMBER, CATEGORY }

    private final Kind kind;
    private final double number;
    private final String category;

    private Missing(Kind kind, double number, String category) {
        this.kind = kind;
        this.number = number;
        this.category = category;
    }

    /** An error naming the row and column of every missing value. The default. */
    public static Missing error() {
        return new Missing(Kind.ERROR, Double.NaN, null);
    }

    /** The row is left out of the data set (the count is in {@link TableData#droppedRows()}). */
    public static Missing dropRow() {
        return new Missing(Kind.DROP_ROW, Double.NaN, null);
    }

    /** A numeric column's mean over the training table's present values. */
    public static Missing mean() {
        return new Missing(Kind.MEAN, Double.NaN, null);
    }

    /** A categorical column's most frequent category in the training table (the first in category order on a tie). */
    public static Missing mostFrequent() {
        return new Missing(Kind.MOST_FREQUENT, Double.NaN, null);
    }

    /** A fixed number, for a numeric column. */
    public static Missing value(double number) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("a fill value must be finite, got " + number);
        }
        return new Missing(Kind.NUMBER, number, null);
    }

    /** A fixed category, for a categorical column; it becomes one of the column's categories. */
    public static Missing category(String category) {
        if (category == null) {
            throw new IllegalArgumentException("a fill category must not be null");
        }
        return new Missing(Kind.CATEGORY, Double.NaN, category);
    }

    Kind kind() {
        return kind;
    }

    double number() {
        return number;
    }

    String category() {
        return category;
    }

    boolean fitsNumeric() {
        return kind != Kind.MOST_FREQUENT && kind != Kind.CATEGORY;
    }

    boolean fitsCategorical() {
        return kind != Kind.MEAN && kind != Kind.NUMBER;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ERROR -> "Missing.error()";
            case DROP_ROW -> "Missing.dropRow()";
            case MEAN -> "Missing.mean()";
            case MOST_FREQUENT -> "Missing.mostFrequent()";
            case NUMBER -> "Missing.value(" + number + ")";
            case CATEGORY -> "Missing.category(\"" + category + "\")";
        };
    }
}
