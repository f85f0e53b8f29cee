package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.preprocess.TableEncoding;
import dev.kiln.runtime.preprocess.TableEncoding.Kind;
import dev.kiln.runtime.preprocess.TableEncoding.TargetKind;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a table of delimited text (CSV, TSV, space-separated; gzip-compressed or not) as a model's
 * features and targets, read by Apache Commons CSV:
 *
 * <pre>{@code
 * TableData train = CsvLoader.of(Path.of("penguins-train.csv"))
 *         .classTarget("species").categorical("island", "sex").onMissing(Missing.mean()).load();
 * TableData test = CsvLoader.of(Path.of("penguins-test.csv")).using(train.encoding()).load();
 * }</pre>
 *
 * <p>Columns are named by header name or by 0-based position. The features are every column that
 * is neither the target nor ignored, unless {@link #features} lists them; they are numeric unless
 * declared {@link #categorical} (a column is never guessed to be categorical: a stray word in a
 * numeric column is an error naming its line, not a silent one-hot column). Categories become one
 * one-hot input each, in {@link CategoryOrder}; the target is classes (one-hot), binary ({@code [n, 1]},
 * 1 for the positive value) or one or more regression columns. Missing values (an empty field or a
 * {@link #missingTokens missing token}) are errors unless a {@link Missing} policy says otherwise.
 *
 * <p>The first table loaded fits a {@link TableEncoding}: its categories, classes and fill values
 * come from that table. {@link #using} loads another table with that encoding unchanged (an unknown
 * category is then an error), and a table without the target column loads its features alone.
 * Every problem (a row with the wrong number of fields, a value that is not a number, a missing
 * value, an unknown category) is reported with its line and column, up to ten in one
 * {@link TableFormatException}; nothing is returned from a table with a problem.
 */
public final class CsvLoader {
    /** Field values that mean "missing" unless {@link #missingTokens} says otherwise (compared after trimming). */
    public static final Set<String> DEFAULT_MISSING_TOKENS = Set.of("", "NA", "N/A", "NaN", "nan", "null", "NULL", "?");

    private final Path file;
    private char delimiter = ',';
    private char quote = '"';
    private Character comment;
    private int skipLines;
    private boolean header = true;
    private List<String> columnNames = List.of();
    private Set<String> missingTokens = DEFAULT_MISSING_TOKENS;
    private DataType dataType = DataType.FLOAT;

    private TargetKind targetKind = TargetKind.NONE;
    private List<ColumnRef> targetColumns = List.of();
    private String positive;
    private List<String> classes = List.of();
    private List<ColumnRef> features;
    private final List<ColumnRef> ignored = new ArrayList<>();
    private final List<ColumnRef> categorical = new ArrayList<>();
    private Missing defaultMissing = Missing.error();
    private final Map<ColumnRef, Missing> missingByColumn = new LinkedHashMap<>();
    private TableEncoding encoding;
    private boolean rolesDeclared;

    private CsvLoader(Path file) {
        this.file = file;
    }

    public static CsvLoader of(Path file) {
        return new CsvLoader(file);
    }

    /** The field separator; ',' unless set (e.g. ';', '\t', ' '). */
    public CsvLoader delimiter(char value) {
        delimiter = value;
        return this;
    }

    /** The quote character; '"' unless set. */
    public CsvLoader quote(char value) {
        quote = value;
        return this;
    }

    /** Lines starting with {@code marker} are skipped; none unless set. */
    public CsvLoader comment(char marker) {
        comment = marker;
        return this;
    }

    /** Skips the first {@code lines} lines before the header (or the first row), e.g. a line of counts. */
    public CsvLoader skipLines(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines to skip must be >= 0, got " + lines);
        }
        skipLines = lines;
        return this;
    }

    /** The file has no header: columns are {@code column0, column1, ...} and are best named by index. */
    public CsvLoader noHeader() {
        header = false;
        return this;
    }

    /** The file has no header; these are its columns' names. */
    public CsvLoader columnNames(String... names) {
        header = false;
        columnNames = List.of(names);
        return this;
    }

    /** The field values (compared after trimming) that mean missing; {@link #DEFAULT_MISSING_TOKENS} unless set. */
    public CsvLoader missingTokens(String... tokens) {
        missingTokens = Set.of(tokens);
        return this;
    }

    /** The arrays' data type: FLOAT (float32) unless set; it must be the model's. */
    public CsvLoader dataType(DataType value) {
        if (!value.isFPType()) {
            throw new IllegalArgumentException("features and targets are floating point; got " + value);
        }
        dataType = value;
        return this;
    }

    /** A class target: the column's values are the classes, one-hot in {@link CategoryOrder} or as {@link #classes} lists them. */
    public CsvLoader classTarget(String column) {
        return target(TargetKind.CLASSES, List.of(ColumnRef.named(column)), null);
    }

    public CsvLoader classTarget(int column) {
        return target(TargetKind.CLASSES, List.of(ColumnRef.at(column)), null);
    }

    /** The classes of a class target in one-hot order; a value not listed is an error. */
    public CsvLoader classes(String... names) {
        if (new HashSet<>(List.of(names)).size() != names.length) {
            throw new IllegalArgumentException("classes listed twice in " + List.of(names));
        }
        classes = List.of(names);
        return this;
    }

    /** A binary target {@code [n, 1]}: 1 where the column holds {@code positiveValue}, 0 for its one other value. */
    public CsvLoader binaryTarget(String column, String positiveValue) {
        return target(TargetKind.BINARY, List.of(ColumnRef.named(column)), positiveValue);
    }

    public CsvLoader binaryTarget(int column, String positiveValue) {
        return target(TargetKind.BINARY, List.of(ColumnRef.at(column)), positiveValue);
    }

    /** Regression targets {@code [n, columns]}: numeric columns used as they are. */
    public CsvLoader regressionTarget(String... columns) {
        return target(TargetKind.REGRESSION, ColumnRef.named(columns), null);
    }

    public CsvLoader regressionTarget(int... columns) {
        return target(TargetKind.REGRESSION, ColumnRef.at(columns), null);
    }

    private CsvLoader target(TargetKind kind, List<ColumnRef> columns, String positiveValue) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("name at least one target column");
        }
        if (kind == TargetKind.BINARY && positiveValue == null) {
            throw new IllegalArgumentException("a binary target needs its positive value");
        }
        declaring();
        targetKind = kind;
        targetColumns = columns;
        positive = positiveValue;
        return this;
    }

    /** The feature columns, in input order; every column that is not the target or ignored unless set. */
    public CsvLoader features(String... columns) {
        declaring();
        features = ColumnRef.named(columns);
        return this;
    }

    public CsvLoader features(int... columns) {
        declaring();
        features = ColumnRef.at(columns);
        return this;
    }

    /** Columns that are neither features nor target (an identifier, a free-text note). */
    public CsvLoader ignore(String... columns) {
        declaring();
        ignored.addAll(ColumnRef.named(columns));
        return this;
    }

    public CsvLoader ignore(int... columns) {
        declaring();
        ignored.addAll(ColumnRef.at(columns));
        return this;
    }

    /** Feature columns holding categories, one-hot encoded. */
    public CsvLoader categorical(String... columns) {
        declaring();
        categorical.addAll(ColumnRef.named(columns));
        return this;
    }

    public CsvLoader categorical(int... columns) {
        declaring();
        categorical.addAll(ColumnRef.at(columns));
        return this;
    }

    /** The missing-value policy of every feature column without its own; {@link Missing#error()} unless set. */
    public CsvLoader onMissing(Missing policy) {
        declaring();
        defaultMissing = policy;
        return this;
    }

    /** The missing-value policy of one column (a feature, or the target: error or drop row). */
    public CsvLoader onMissing(String column, Missing policy) {
        declaring();
        missingByColumn.put(ColumnRef.named(column), policy);
        return this;
    }

    public CsvLoader onMissing(int column, Missing policy) {
        declaring();
        missingByColumn.put(ColumnRef.at(column), policy);
        return this;
    }

    /**
     * Loads the table with a fitted encoding (e.g. the training table's): the same columns, categories,
     * classes and fill values. Column roles are then the encoding's and cannot also be declared.
     */
    public CsvLoader using(TableEncoding fitted) {
        if (rolesDeclared) {
            throw new IllegalStateException("column roles are declared; an encoding fixes them, so use one or the other");
        }
        encoding = fitted;
        return this;
    }

    private void declaring() {
        if (encoding != null) {
            throw new IllegalStateException("this loader uses a fitted encoding, which fixes the columns' roles");
        }
        rolesDeclared = true;
    }

    /** Reads the file; a {@link TableFormatException} lists its problems with line and column. */
    public TableData load() throws IOException {
        String name = file.toString();
        CsvSettings settings = new CsvSettings(delimiter, quote, comment, skipLines, header, columnNames, missingTokens);
        Problems problems = new Problems(name);
        CollectedTable[] table = new CollectedTable[1];
        CsvRecords.read(file, settings, problems, new CsvRecords.Sink() {
            @Override
            public void columns(List<String> names) throws TableFormatException {
                ColumnPlan plan = encoding != null ? ColumnPlan.of(encoding, names, header, name) : plan(names, name);
                table[0] = new CollectedTable(plan, missingTokens, problems);
            }

            @Override
            public void record(org.apache.commons.csv.CSVRecord record, long line) {
                table[0].add(record, line);
            }
        });
        problems.throwIfAny(null);
        boolean[] dropped = table[0].droppedRows();
        TableEncoding fitted = encoding != null ? encoding : EncodingFitter.fit(table[0], dropped, name);
        TableEncoder encoder = new TableEncoder(fitted, table[0], dropped, problems);
        INDArray x = encoder.features(dataType);
        INDArray y = encoder.targets(dataType);
        problems.throwIfAny(null);
        if (encoder.keptRows() == 0) {
            throw new TableFormatException(name + ": no rows left" + (dropped.length > 0 ? " after dropping all "
                    + dropped.length + " for missing values" : ""));
        }
        return new TableData(x, y, fitted, encoder.keptLines(), dropped.length - encoder.keptRows());
    }

    /** The declared roles resolved against the file's columns. */
    private ColumnPlan plan(List<String> names, String name) throws TableFormatException {
        List<Integer> targets = new ArrayList<>();
        for (ColumnRef ref : targetColumns) {
            targets.add(ref.resolve(names, name));
        }
        Set<Integer> excluded = new HashSet<>(targets);
        for (ColumnRef ref : ignored) {
            excluded.add(ref.resolve(names, name));
        }
        List<Integer> featureColumns = new ArrayList<>();
        if (features != null) {
            for (ColumnRef ref : features) {
                int column = ref.resolve(names, name);
                if (excluded.contains(column)) {
                    throw new TableFormatException(name + ": " + ref + " is listed as a feature but is the target or ignored");
                }
                featureColumns.add(column);
            }
        } else {
            for (int column = 0; column < names.size(); column++) {
                if (!excluded.contains(column)) {
                    featureColumns.add(column);
                }
            }
        }
        if (featureColumns.isEmpty()) {
            throw new TableFormatException(name + ": no feature columns are left; the columns are " + names);
        }
        Set<Integer> categories = new HashSet<>();
        for (ColumnRef ref : categorical) {
            int column = ref.resolve(names, name);
            if (!featureColumns.contains(column)) {
                throw new TableFormatException(name + ": " + ref + " is declared categorical but is not a feature column");
            }
            categories.add(column);
        }
        Map<Integer, Missing> policies = new LinkedHashMap<>();
        for (Map.Entry<ColumnRef, Missing> entry : missingByColumn.entrySet()) {
            int column = entry.getKey().resolve(names, name);
            if (!featureColumns.contains(column) && !targets.contains(column)) {
                throw new TableFormatException(name + ": a missing-value policy is declared for " + entry.getKey()
                        + ", which is neither a feature nor the target");
            }
            policies.put(column, entry.getValue());
        }
        List<ColumnPlan.Feature> planned = new ArrayList<>();
        for (int column : featureColumns) {
            Kind kind = categories.contains(column) ? Kind.CATEGORICAL : Kind.NUMERIC;
            Missing missing = policies.getOrDefault(column, defaultMissing);
            if (kind == Kind.NUMERIC ? !missing.fitsNumeric() : !missing.fitsCategorical()) {
                throw new TableFormatException(name + ": " + missing + " does not apply to the " + kind.name().toLowerCase()
                        + " column " + column + " ('" + names.get(column) + "')");
            }
            planned.add(new ColumnPlan.Feature(column, names.get(column), kind, missing));
        }
        return new ColumnPlan(planned, targetPlan(targets, names, policies, name));
    }

    private ColumnPlan.Target targetPlan(List<Integer> targets, List<String> names, Map<Integer, Missing> policies,
                                         String name) throws TableFormatException {
        if (targetKind == TargetKind.NONE) {
            return ColumnPlan.Target.none();
        }
        Missing missing = Missing.error();
        for (int column : targets) {
            Missing policy = policies.get(column);
            if (policy != null && policy.kind() != Missing.Kind.ERROR && policy.kind() != Missing.Kind.DROP_ROW) {
                throw new TableFormatException(name + ": the target " + column + " ('" + names.get(column) + "') is never"
                        + " filled in; its missing values are errors or, with Missing.dropRow(), drop the row");
            }
            if (policy != null) {
                missing = policy;
            }
        }
        if (!classes.isEmpty() && targetKind != TargetKind.CLASSES) {
            throw new TableFormatException(name + ": classes(...) lists the classes of a classTarget, but the target is "
                    + targetKind.name().toLowerCase());
        }
        return new ColumnPlan.Target(targetKind, targets, targets.stream().map(names::get).toList(), positive, classes,
                missing);
    }
}
