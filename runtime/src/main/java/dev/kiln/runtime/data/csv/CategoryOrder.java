package dev.kiln.runtime.data.csv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order of a column's categories (and so of its one-hot inputs) or of a target's classes: by
 * value when every label is a number ("2" before "10"), otherwise by string. A fixed order, rather
 * than the order of first appearance, makes the encoding the same for any shuffling of the rows.
 */
final class CategoryOrder {
    private CategoryOrder() {
    }

    static List<String> sorted(Collection<String> labels) {
        List<String> sorted = new ArrayList<>(labels);
        boolean numeric = sorted.stream().allMatch(CategoryOrder::isNumber);
        sorted.sort(numeric ? Comparator.comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder());
        return sorted;
    }

    private static boolean isNumber(String label) {
        try {
            return Double.isFinite(Double.parseDouble(label));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
