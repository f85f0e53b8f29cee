package dev.kiln.runtime.check;

import dev.kiln.runtime.init.SeedStreams;

import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Picks which elements of a tensor a gradient check perturbs: all of them when there are few,
 * else a seeded random subset, so a large layer costs a bounded number of evaluations and a
 * failure reproduces with the same seed.
 */
final class CoordinateSampler {
    private CoordinateSampler() {
    }

    /** Sorted distinct linear indices in [0, length), at most {@code max} of them. */
    static long[] choose(long length, int max, long seed, String name) {
        if (length <= max) {
            long[] all = new long[(int) length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        // Floyd's algorithm: exactly max distinct draws, no rejection loop.
        SplittableRandom rng = new SeedStreams(seed).forParameter(name);
        TreeSet<Long> chosen = new TreeSet<>();
        for (long j = length - max; j < length; j++) {
            long candidate = rng.nextLong(j + 1);
            chosen.add(chosen.contains(candidate) ? j : candidate);
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }
}
