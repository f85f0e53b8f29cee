package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the columns of a table become a model's input and targets, fitted on the training table by
 * the CSV loader ({@code dev.kiln.runtime.data.csv.CsvLoader}) and reused, unchanged, for every
 * other table of the same kind: the feature columns in order, each numeric (one input) or
 * categorical (one input per category, one-hot, in the category order kept here), what a missing
 * value becomes (an error, a dropped row, or a fill value fixed at fitting time, e.g. the training
 * mean), and the target: the class names in the order of the one-hot columns, a binary label's
 * positive value, or the regression columns. Save it with the model's input transforms
 * ({@link InputPipeline}) so that predictions see the inputs training saw.
 *
 * @param features the feature columns, in input order
 * @param target   the target, or {@link Target#none()} for a table without one
 */
public record TableEncoding(List<Column> features, Target target) {
    static final String KIND = "tableEncoding";

    /** How a column is encoded. */
    public enum Kind {
        /** One input: the value. */
        NUMERIC,
        /** One input per category: 1 in the value's column, 0 elsewhere. */
        CATEGORICAL
    }

    /** What a missing value (an empty field or a declared missing token) becomes. */
    public enum OnMissing {
        /** An error naming the row and the column. */
        ERROR,
        /** The row is left out. */
        DROP_ROW,
        /** The column's fill value (a number, or a category). */
        FILL
    }

    /** The kinds of target. */
    public enum TargetKind {
        /** No target column: features only, for prediction. */
        NONE,
        /** One categorical column, one-hot over the classes. */
        CLASSES,
        /** One column with two values; the target is 1 for the positive one ({@code [n, 1]}, for BCE). */
        BINARY,
        /** One or more numeric columns, used as they are. */
        REGRESSION
    }

    /**
     * One feature column.
     *
     * @param name         the column's header name, or {@code column<i>} in a file without a header
     * @param index        0-based position in the file it was fitted on
     * @param kind         numeric or categorical
     * @param categories   a categorical column's categories in one-hot order; empty for numeric
     * @param onMissing    what a missing value becomes
     * @param fillNumber   a numeric column's fill value (NaN unless it fills)
     * @param fillCategory a categorical column's fill category (null unless it fills)
     */
    public record Column(String name, int index, Kind kind, List<String> categories, OnMissing onMissing,
                         double fillNumber, String fillCategory) {
        public Column {
            Objects.requireNonNull(name);
            categories = List.copyOf(categories);
            if (kind == Kind.CATEGORICAL && categories.isEmpty()) {
                throw new IllegalArgumentException("categorical column '" + name + "' has no categories");
            }
            if (onMissing == OnMissing.FILL && kind == Kind.NUMERIC && !Double.isFinite(fillNumber)) {
                throw new IllegalArgumentException("column '" + name + "' fills missing values with " + fillNumber);
            }
            if (onMissing == OnMissing.FILL && kind == Kind.CATEGORICAL && !categories.contains(fillCategory)) {
                throw new IllegalArgumentException("column '" + name + "' fills missing values with '" + fillCategory
                        + "', which is not one of its categories " + categories);
            }
        }

        /** Number of model inputs: 1, or one per category. */
        public int width() {
            return kind == Kind.NUMERIC ? 1 : categories.size();
        }
    }

    /**
     * The target.
     *
     * @param kind      none, classes, binary or regression
     * @param columns   the target columns' names (one, except for a regression on several)
     * @param indices   their 0-based positions in the file fitted on
     * @param classes   the class names in one-hot order; for a binary target the negative value, then the positive
     * @param onMissing ERROR or DROP_ROW: a target is never filled
     */
    public record Target(TargetKind kind, List<String> columns, List<Integer> indices, List<String> classes,
                         OnMissing onMissing) {
        public Target {
            columns = List.copyOf(columns);
            indices = List.copyOf(indices);
            classes = List.copyOf(classes);
            if (onMissing == OnMissing.FILL) {
                throw new IllegalArgumentException("a target is never filled in; drop the rows or fix the data");
            }
            if (columns.size() != indices.size() || (kind == TargetKind.NONE) != columns.isEmpty()) {
                throw new IllegalArgumentException("target " + kind + " with columns " + columns + " at " + indices);
            }
            if (kind == TargetKind.BINARY && classes.size() != 2) {
                throw new IllegalArgumentException("a binary target has two values, got " + classes);
            }
        }

        public static Target none() {
            return new Target(TargetKind.NONE, List.of(), List.of(), List.of(), OnMissing.ERROR);
        }

        /** Target columns of the model: one per class, 1 for binary, one per regression column. */
        public int width() {
            return switch (kind) {
                case NONE -> 0;
                case CLASSES -> classes.size();
                case BINARY -> 1;
                case REGRESSION -> columns.size();
            };
        }
    }

    public TableEncoding {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a table encoding needs at least one feature column");
        }
    }

    /** Number of model inputs: the sum of the columns' widths. */
    public int width() {
        return features.stream().mapToInt(Column::width).sum();
    }

    /** The name of every model input: a numeric column's name, {@code name=category} for each one-hot input. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (Column column : features) {
            if (column.kind() == Kind.NUMERIC) {
                names.add(column.name());
            } else {
                column.categories().forEach(category -> names.add(column.name() + "=" + category));
            }
        }
        return names;
    }

    /** The class names in the order of the one-hot target columns (empty unless the target is classes or binary). */
    public List<String> classNames() {
        return target.classes();
    }

    /** Everything a restored encoding needs, as named arrays (text as UTF-8 bytes), for checkpoints. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("features", StateFormat.scalar(features.size()));
        for (int i = 0; i < features.size(); i++) {
            Column c = features.get(i);
            String p = "feature" + i + ".";
            state.put(p + "name", StateFormat.text(List.of(c.name())));
            state.put(p + "index", StateFormat.scalar(c.index()));
            state.put(p + "kind", StateFormat.text(List.of(c.kind().name())));
            state.put(p + "categories", StateFormat.text(c.categories()));
            state.put(p + "onMissing", StateFormat.text(List.of(c.onMissing().name())));
            state.put(p + "fillNumber", StateFormat.scalar(c.fillNumber()));
            state.put(p + "fillCategory", StateFormat.text(c.fillCategory() == null ? List.of() : List.of(c.fillCategory())));
        }
        state.put("target.kind", StateFormat.text(List.of(target.kind().name())));
        state.put("target.columns", StateFormat.text(target.columns()));
        state.put("target.indices", StateFormat.text(target.indices().stream().map(String::valueOf).toList()));
        state.put("target.classes", StateFormat.text(target.classes()));
        state.put("target.onMissing", StateFormat.text(List.of(target.onMissing().name())));
        return state;
    }

    /** The encoding a {@link #state()} map describes. */
    public static TableEncoding restore(Map<String, INDArray> state) {
        int count = (int) StateFormat.scalar(state, KIND, "features");
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String p = "feature" + i + ".";
            List<String> fill = StateFormat.text(state, KIND, p + "fillCategory");
            columns.add(new Column(StateFormat.word(state, KIND, p + "name"), (int) StateFormat.scalar(state, KIND, p + "index"),
                    Kind.valueOf(StateFormat.word(state, KIND, p + "kind")), StateFormat.text(state, KIND, p + "categories"),
                    OnMissing.valueOf(StateFormat.word(state, KIND, p + "onMissing")),
                    StateFormat.scalar(state, KIND, p + "fillNumber"), fill.isEmpty() ? null : fill.get(0)));
        }
        Target target = new Target(TargetKind.valueOf(StateFormat.word(state, KIND, "target.kind")),
                StateFormat.text(state, KIND, "target.columns"),
                StateFormat.text(state, KIND, "target.indices").stream().map(Integer::valueOf).toList(),
                StateFormat.text(state, KIND, "target.classes"),
                OnMissing.valueOf(StateFormat.word(state, KIND, "target.onMissing")));
        return new TableEncoding(columns, target);
    }

    /** Writes the encoding alone; {@link InputPipeline#write} writes it with the input transforms. */
    public void write(OutputStream out) throws IOException {
        StateFormat.write(List.of(new StateFormat.Step(KIND, state())), out);
    }

    /** Reads an encoding written by {@link #write}. */
    public static TableEncoding read(InputStream in) throws IOException {
        List<StateFormat.Step> steps = StateFormat.read(in);
        if (steps.size() != 1 || !steps.get(0).kind().equals(KIND)) {
            throw new IOException("expected one table encoding, the stream holds " + steps.stream().map(StateFormat.Step::kind).toList());
        }
        return restore(steps.get(0).state());
    }
}
