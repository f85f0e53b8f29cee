package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.preprocess.TableEncoding;
import dev.kiln.runtime.preprocess.TableEncoding.OnMissing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Turns the collected rows into the model's arrays as an encoding says: numbers as they are, one
 * one-hot input per category, fills where the encoding fills, and reports (never guesses) a missing
 * value whose policy is an error and a category or class the encoding does not know.
 */
final class TableEncoder {
    private final TableEncoding encoding;
    private final CollectedTable table;
    private final boolean[] dropped;
    private final int kept;
    private final Problems problems;

    TableEncoder(TableEncoding encoding, CollectedTable table, boolean[] dropped, Problems problems) {
        this.encoding = encoding;
        this.table = table;
        this.dropped = dropped;
        this.problems = problems;
        int count = 0;
        for (boolean d : dropped) {
            count += d ? 0 : 1;
        }
        this.kept = count;
    }

    int keptRows() {
        return kept;
    }

    /** {@code [kept, width]}: the encoded features. */
    INDArray features(DataType dataType) {
        int width = encoding.width();
        double[] values = new double[Math.multiplyExact(kept, width)];
        int offset = 0;
        for (int i = 0; i < encoding.features().size(); i++) {
            TableEncoding.Column column = encoding.features().get(i);
            CellValues cells = table.features.get(i);
            if (cells instanceof CellValues.Numbers numbers) {
                numeric(column, numbers, values, offset, width);
            } else {
                oneHot(column, (CellValues.Labels) cells, column.categories(), values, offset, width, "categories");
            }
            offset += column.width();
        }
        return Nd4j.create(values, new long[] {kept, width}, 'c').castTo(dataType);
    }

    /** {@code [kept, target width]}, or null for no target. */
    INDArray targets(DataType dataType) {
        TableEncoding.Target target = encoding.target();
        if (table.plan.target().kind() == TableEncoding.TargetKind.NONE) {
            return null;
        }
        int width = target.width();
        double[] values = new double[Math.multiplyExact(kept, width)];
        switch (target.kind()) {
            case CLASSES -> oneHot(null, (CellValues.Labels) table.targets.get(0), target.classes(), values, 0, width, "classes");
            case BINARY -> binary((CellValues.Labels) table.targets.get(0), target.classes(), values);
            case REGRESSION -> {
                for (int t = 0; t < width; t++) {
                    numeric(null, (CellValues.Numbers) table.targets.get(t), values, t, width);
                }
            }
            case NONE -> throw new IllegalStateException("no target");
        }
        return Nd4j.create(values, new long[] {kept, width}, 'c').castTo(dataType);
    }

    /** The line of every row kept, in order. */
    long[] keptLines() {
        long[] lines = new long[kept];
        for (int row = 0, out = 0; row < table.rows; row++) {
            if (!dropped[row]) {
                lines[out++] = table.lines[row];
            }
        }
        return lines;
    }

    /** A numeric column into column {@code offset}; {@code column} is null for a target, which is never filled. */
    private void numeric(TableEncoding.Column column, CellValues.Numbers cells, double[] values, int offset, int width) {
        for (int row = 0, out = 0; row < table.rows; row++) {
            if (dropped[row]) {
                continue;
            }
            double value = cells.values[row];
            if (Double.isNaN(value)) {
                value = fillOrReport(column, cells, row);
            }
            values[out++ * width + offset] = value;
        }
    }

    private double fillOrReport(TableEncoding.Column column, CellValues cells, int row) {
        if (column != null && column.onMissing() == OnMissing.FILL) {
            return column.fillNumber();
        }
        reportMissing(column, cells, row);
        return Double.NaN;
    }

    private void oneHot(TableEncoding.Column column, CellValues.Labels cells, List<String> categories, double[] values,
                        int offset, int width, String plural) {
        int[] position = positions(cells, categories);
        for (int row = 0, out = 0; row < table.rows; row++) {
            if (dropped[row]) {
                continue;
            }
            int code = cells.codes[row];
            int at;
            if (code < 0) {
                if (column == null || column.onMissing() != OnMissing.FILL) {
                    reportMissing(column, cells, row);
                    out++;
                    continue;
                }
                at = categories.indexOf(column.fillCategory());
            } else {
                at = position[code];
            }
            if (at < 0) {
                problems.at(table.lines[row], cells.describe(), "'" + cells.labels.get(code) + "' is not one of the "
                        + plural + " of the encoding, " + categories);
            } else {
                values[out * width + offset + at] = 1;
            }
            out++;
        }
    }

    private void binary(CellValues.Labels cells, List<String> classes, double[] values) {
        int[] position = positions(cells, classes);
        for (int row = 0, out = 0; row < table.rows; row++) {
            if (dropped[row]) {
                continue;
            }
            int code = cells.codes[row];
            if (code < 0) {
                reportMissing(null, cells, row);
            } else if (position[code] < 0) {
                problems.at(table.lines[row], cells.describe(), "'" + cells.labels.get(code) + "' is neither of the binary"
                        + " target's values " + classes);
            } else {
                values[out] = position[code];
            }
            out++;
        }
    }

    /** For each label code, its position in {@code order}, or -1. */
    private static int[] positions(CellValues.Labels cells, List<String> order) {
        int[] position = new int[cells.labels.size()];
        for (int code = 0; code < position.length; code++) {
            position[code] = order.indexOf(cells.labels.get(code));
        }
        return position;
    }

    private void reportMissing(TableEncoding.Column column, CellValues cells, int row) {
        String advice = column == null
                ? "the target is missing; onMissing(\"" + cells.name + "\", Missing.dropRow()) leaves such rows out"
                : "missing value; declare what to do with onMissing(\"" + cells.name + "\", Missing.mean()), dropRow(), "
                + "value(x), mostFrequent() or category(\"...\")";
        problems.at(table.lines[row], cells.describe(), advice);
    }
}
