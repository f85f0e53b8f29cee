package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.preprocess.TableEncoding.Kind;
import dev.kiln.runtime.preprocess.TableEncoding.TargetKind;
import org.apache.commons.csv.CSVRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The planned columns' values of every row, with each row's line, as {@link CsvRecords} delivers them. */
final class CollectedTable {
    final ColumnPlan plan;
    final List<CellValues> features = new ArrayList<>();
    final List<CellValues> targets = new ArrayList<>();
    private final Set<String> missingTokens;
    private final Problems problems;
    long[] lines = new long[16];
    int rows;

    CollectedTable(ColumnPlan plan, Set<String> missingTokens, Problems problems) {
        this.plan = plan;
        this.missingTokens = missingTokens;
        this.problems = problems;
        for (ColumnPlan.Feature f : plan.features()) {
            features.add(f.kind() == Kind.NUMERIC ? new CellValues.Numbers(f.column(), f.name())
                    : new CellValues.Labels(f.column(), f.name()));
        }
        ColumnPlan.Target target = plan.target();
        for (int i = 0; i < target.columns().size(); i++) {
            int column = target.columns().get(i);
            String name = target.names().get(i);
            targets.add(target.kind() == TargetKind.REGRESSION ? new CellValues.Numbers(column, name)
                    : new CellValues.Labels(column, name));
        }
    }

    void add(CSVRecord record, long line) {
        if (rows == lines.length) {
            lines = Arrays.copyOf(lines, CellValues.grown(rows));
        }
        lines[rows++] = line;
        addTo(features, record, line);
        addTo(targets, record, line);
    }

    private void addTo(List<CellValues> columns, CSVRecord record, long line) {
        for (CellValues values : columns) {
            String cell = record.get(values.column);
            values.add(cell, CellValues.missing(cell, missingTokens), line, problems);
        }
    }

    /**
     * Rows left out: a missing value in a feature whose policy drops the row, or in the target when
     * its policy does; the other missing values are for the encoder to fill or report.
     */
    boolean[] droppedRows() {
        boolean[] dropped = new boolean[rows];
        for (int i = 0; i < features.size(); i++) {
            if (plan.features().get(i).missing().kind() == Missing.Kind.DROP_ROW) {
                markMissing(features.get(i), dropped);
            }
        }
        if (plan.target().missing().kind() == Missing.Kind.DROP_ROW) {
            targets.forEach(t -> markMissing(t, dropped));
        }
        return dropped;
    }

    private void markMissing(CellValues values, boolean[] dropped) {
        for (int row = 0; row < rows; row++) {
            dropped[row] |= values.isMissing(row);
        }
    }
}
