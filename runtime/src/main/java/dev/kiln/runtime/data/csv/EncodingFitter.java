package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.preprocess.TableEncoding;
import dev.kiln.runtime.preprocess.TableEncoding.Kind;
import dev.kiln.runtime.preprocess.TableEncoding.OnMissing;
import dev.kiln.runtime.preprocess.TableEncoding.TargetKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits a {@link TableEncoding} to the training table: the categories and classes present in the
 * rows kept, in {@link CategoryOrder}, and the fill values (a mean, a most frequent category)
 * computed on those rows.
 */
final class EncodingFitter {
    private EncodingFitter() {
    }

    static TableEncoding fit(CollectedTable table, boolean[] dropped, String file) throws TableFormatException {
        List<TableEncoding.Column> columns = new ArrayList<>();
        for (int i = 0; i < table.features.size(); i++) {
            columns.add(column(table.plan.features().get(i), table.features.get(i), dropped, file));
        }
        return new TableEncoding(columns, target(table, dropped, file));
    }

    private static TableEncoding.Column column(ColumnPlan.Feature feature, CellValues values, boolean[] dropped,
                                               String file) throws TableFormatException {
        Missing missing = feature.missing();
        OnMissing onMissing = switch (missing.kind()) {
            case ERROR -> OnMissing.ERROR;
            case DROP_ROW -> OnMissing.DROP_ROW;
            default -> OnMissing.FILL;
        };
        if (values instanceof CellValues.Numbers numbers) {
            double fill = switch (missing.kind()) {
                case MEAN -> mean(numbers, dropped, file);
                case NUMBER -> missing.number();
                default -> Double.NaN;
            };
            return new TableEncoding.Column(feature.name(), feature.column(), Kind.NUMERIC, List.of(), onMissing, fill, null);
        }
        CellValues.Labels labels = (CellValues.Labels) values;
        Set<String> present = present(labels, dropped);
        if (missing.kind() == Missing.Kind.CATEGORY) {
            present.add(missing.category());
        }
        if (present.isEmpty()) {
            throw new TableFormatException(file + ": categorical column " + values.describe() + " has no values");
        }
        List<String> categories = CategoryOrder.sorted(present);
        String fill = switch (missing.kind()) {
            case MOST_FREQUENT -> mostFrequent(labels, dropped, categories);
            case CATEGORY -> missing.category();
            default -> null;
        };
        return new TableEncoding.Column(feature.name(), feature.column(), Kind.CATEGORICAL, categories, onMissing, Double.NaN,
                fill);
    }

    private static double mean(CellValues.Numbers numbers, boolean[] dropped, String file) throws TableFormatException {
        double sum = 0;
        long count = 0;
        for (int row = 0; row < numbers.size; row++) {
            if (!dropped[row] && !numbers.isMissing(row)) {
                sum += numbers.values[row];
                count++;
            }
        }
        if (count == 0) {
            throw new TableFormatException(file + ": column " + numbers.describe()
                    + " has no values to take the mean of for Missing.mean()");
        }
        return sum / count;
    }

    private static Set<String> present(CellValues.Labels labels, boolean[] dropped) {
        long[] counts = labels.counts(dropped);
        Set<String> present = new LinkedHashSet<>();
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0) {
                present.add(labels.labels.get(code));
            }
        }
        return present;
    }

    private static String mostFrequent(CellValues.Labels labels, boolean[] dropped, List<String> categories) {
        long[] counts = labels.counts(dropped);
        String best = null;
        long bestCount = -1;
        for (String category : categories) {
            int code = labels.labels.indexOf(category);
            long count = code < 0 ? 0 : counts[code];
            if (count > bestCount) {
                best = category;
                bestCount = count;
            }
        }
        return best;
    }

    private static TableEncoding.Target target(CollectedTable table, boolean[] dropped, String file)
            throws TableFormatException {
        ColumnPlan.Target plan = table.plan.target();
        OnMissing onMissing = plan.missing().kind() == Missing.Kind.DROP_ROW ? OnMissing.DROP_ROW : OnMissing.ERROR;
        List<String> classes = switch (plan.kind()) {
            case NONE, REGRESSION -> List.of();
            case CLASSES -> plan.classes().isEmpty()
                    ? CategoryOrder.sorted(present((CellValues.Labels) table.targets.get(0), dropped)) : plan.classes();
            case BINARY -> binaryClasses(plan, (CellValues.Labels) table.targets.get(0), dropped, file);
        };
        if (plan.kind() == TargetKind.CLASSES && classes.size() < 2) {
            throw new TableFormatException(file + ": the class target " + table.targets.get(0).describe()
                    + " holds only " + classes + "; a classifier needs at least two classes");
        }
        List<Integer> indices = plan.columns();
        return new TableEncoding.Target(plan.kind(), plan.names(), indices, classes, onMissing);
    }

    private static List<String> binaryClasses(ColumnPlan.Target plan, CellValues.Labels labels, boolean[] dropped,
                                              String file) throws TableFormatException {
        Set<String> present = present(labels, dropped);
        present.remove(plan.positive());
        if (present.size() != 1) {
            throw new TableFormatException(file + ": the binary target " + labels.describe() + " with positive value '"
                    + plan.positive() + "' needs exactly one other value, it has " + CategoryOrder.sorted(present)
                    + "; use classTarget for more than two classes");
        }
        return List.of(present.iterator().next(), plan.positive());
    }
}
