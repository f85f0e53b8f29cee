package dev.kiln.runtime.data;

import java.util.SplittableRandom;

/** Fisher-Yates shuffling, the one every seeded order in this package uses: every permutation equally likely. */
public final class Shuffle {
    private Shuffle() {
    }

    /** Permutes {@code values[0, count)} in place. */
    public static void permute(int[] values, int count, SplittableRandom random) {
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** 0, 1, ..., count - 1 into {@code values}. */
    public static void identity(int[] values, int count) {
        for (int i = 0; i < count; i++) {
            values[i] = i;
        }
    }
}
