package dev.kiln.runtime.data;

/** Derives independent RNG seeds from a seed and a counter (an epoch, a batch index), so a draw depends on nothing else. */
public final class Seeds {
    private Seeds() {
    }

    /**
     * SplitMix64's finaliser over {@code seed} and {@code counter}: nearby pairs give unrelated seeds,
     * and the result depends on nothing else (the shuffled order of an epoch, the augmentation of a batch).
     */
    public static long mix(long seed, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
