package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.preprocess.TableEncoding;
import dev.kiln.runtime.preprocess.TableEncoding.Kind;
import dev.kiln.runtime.preprocess.TableEncoding.TargetKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The roles of a file's columns once its header is known: the feature columns in order with their
 * kind and missing-value policy, and the target. Made from the loader's declarations when an
 * encoding is being fitted, or from the encoding when one is reused.
 */
record ColumnPlan(List<Feature> features, Target target) {

    record Feature(int column, String name, Kind kind, Missing missing) {
    }

    /**
     * @param columns  the target columns (empty for none)
     * @param positive a binary target's positive label
     * @param classes  declared classes in one-hot order, or empty to take them from the data
     * @param missing  error or drop row
     */
    record Target(TargetKind kind, List<Integer> columns, List<String> names, String positive, List<String> classes,
                  Missing missing) {
        static Target none() {
            return new Target(TargetKind.NONE, List.of(), List.of(), null, List.of(), Missing.error());
        }
    }

    /** The plan an encoding fixes, resolved by name in a file with a header and by position in one without. */
    static ColumnPlan of(TableEncoding encoding, List<String> names, boolean header, String file)
            throws TableFormatException {
        List<Feature> features = new ArrayList<>();
        for (TableEncoding.Column column : encoding.features()) {
            int at = locate(column.name(), column.index(), names, header, file);
            features.add(new Feature(at, names.get(at), column.kind(), missing(column)));
        }
        TableEncoding.Target target = encoding.target();
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < target.columns().size(); i++) {
            String name = target.columns().get(i);
            int index = target.indices().get(i);
            boolean present = header ? names.contains(name) : index < names.size();
            if (!present) {
                // A table to predict on has no target column: load its features alone.
                return new ColumnPlan(features, Target.none());
            }
            columns.add(locate(name, index, names, header, file));
        }
        Missing onMissing = target.onMissing() == TableEncoding.OnMissing.DROP_ROW ? Missing.dropRow() : Missing.error();
        String positive = target.kind() == TargetKind.BINARY ? target.classes().get(1) : null;
        return new ColumnPlan(features, new Target(target.kind(), columns, columns.stream().map(names::get).toList(),
                positive, target.classes(), onMissing));
    }

    private static int locate(String name, int index, List<String> names, boolean header, String file)
            throws TableFormatException {
        return (header ? ColumnRef.named(name) : ColumnRef.at(index)).resolve(names, file);
    }

    private static Missing missing(TableEncoding.Column column) {
        return switch (column.onMissing()) {
            case ERROR -> Missing.error();
            case DROP_ROW -> Missing.dropRow();
            case FILL -> column.kind() == Kind.NUMERIC ? Missing.value(column.fillNumber())
                    : Missing.category(column.fillCategory());
        };
    }

    /** Every column the plan reads: features, then target. */
    List<Integer> columnsRead() {
        List<Integer> columns = new ArrayList<>();
        features.forEach(f -> columns.add(f.column()));
        columns.addAll(target.columns());
        return columns;
    }
}
