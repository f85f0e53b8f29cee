package dev.kiln.runtime.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded train/validation splits of a dataset. {@link #stratified} keeps every class's share in
 * both parts (for classification); {@link #random} splits without regard to the targets (for
 * regression). The same dataset, fraction and seed always give the same split.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * The two parts of a split, copied out of the dataset, and the dataset rows each holds, in
     * dataset order.
     */
    public record Split(Dataset train, Dataset validation, int[] trainRows, int[] validationRows) {
        @Override
        public int[] trainRows() {
            return trainRows.clone();
        }

        @Override
        public int[] validationRows() {
            return validationRows.clone();
        }
    }

    /**
     * A split whose validation part has {@code round(N · fraction)} examples, each class contributing
     * in proportion to its size (largest remainders decide the rounding, ties to the lower class),
     * the examples of each class chosen at random. Classes are read from the targets as
     * {@link ClassLabels} does: one-hot columns, or one binary column.
     */
    public static Split stratified(Dataset data, double validationFraction, long seed) {
        int total = validationCount(data, validationFraction);
        int[] labels = ClassLabels.of(data);
        List<int[]> members = ClassLabels.members(labels, ClassLabels.count(data));
        int[] quota = largestRemainder(members, total, data.size());
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] validation = new boolean[data.size()];
        for (int c = 0; c < members.size(); c++) {
            int[] chosen = members.get(c).clone();
            Shuffle.permute(chosen, chosen.length, random);
            for (int i = 0; i < quota[c]; i++) {
                validation[chosen[i]] = true;
            }
        }
        return split(data, validation);
    }

    /** A split whose validation part is {@code round(N · fraction)} examples drawn at random. */
    public static Split random(Dataset data, double validationFraction, long seed) {
        int total = validationCount(data, validationFraction);
        int[] rows = new int[data.size()];
        Arrays.setAll(rows, i -> i);
        Shuffle.permute(rows, rows.length, new SplittableRandom(seed));
        boolean[] validation = new boolean[data.size()];
        for (int i = 0; i < total; i++) {
            validation[rows[i]] = true;
        }
        return split(data, validation);
    }

    private static int validationCount(Dataset data, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the validation fraction is between 0 and 1 (exclusive), got " + fraction);
        }
        int total = (int) Math.round(data.size() * fraction);
        if (total < 1 || total > data.size() - 1) {
            throw new IllegalArgumentException("a validation fraction of " + fraction + " of " + data.size()
                    + " examples leaves " + total + " for validation and " + (data.size() - total)
                    + " for training; both parts need at least one");
        }
        return total;
    }

    /** Per class, its share of {@code total}: floors of n_c·total/N, the rest to the largest remainders. */
    static int[] largestRemainder(List<int[]> members, int total, int n) {
        int classes = members.size();
        int[] quota = new int[classes];
        double[] remainder = new double[classes];
        int assigned = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) members.get(c).length * total / n;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        Integer[] byRemainder = new Integer[classes];
        Arrays.setAll(byRemainder, c -> c);
        Arrays.sort(byRemainder, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a]) : a - b);
        for (int i = 0; assigned < total; i++) {
            int c = byRemainder[i % classes];
            if (quota[c] < members.get(c).length) {
                quota[c]++;
                assigned++;
            }
        }
        return quota;
    }

    private static Split split(Dataset data, boolean[] validation) {
        int count = 0;
        for (boolean v : validation) {
            count += v ? 1 : 0;
        }
        int[] validationRows = new int[count];
        int[] trainRows = new int[data.size() - count];
        for (int i = 0, v = 0, t = 0; i < validation.length; i++) {
            if (validation[i]) {
                validationRows[v++] = i;
            } else {
                trainRows[t++] = i;
            }
        }
        return new Split(data.gather(trainRows), data.gather(validationRows), trainRows, validationRows);
    }
}
