package dev.kiln.runtime.init;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Turns one model seed into an independent random stream per parameter, keyed by the parameter's
 * name (e.g. {@code fc1.W}). Because a stream depends only on (seed, name), adding, removing or
 * reordering layers leaves every other parameter's initial values unchanged.
 */
public final class SeedStreams {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private final long seed;

    public SeedStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A fresh stream for {@code name}; every call returns a stream with the same sequence. */
    public SplittableRandom forParameter(String name) {
        return new SplittableRandom(seedFor(name));
    }

    /**
     * The 64-bit seed behind {@link #forParameter}, for seeding other generators (ND4J's, for
     * dropout masks). Seed and name are each avalanched before they are combined, so nearby seeds
     * and names that share a prefix still give unrelated values.
     */
    public long seedFor(String name) {
        return mix64(mix64(seed + GOLDEN_GAMMA) ^ mix64(stableHash(name)));
    }

    /**
     * 64-bit FNV-1a over the UTF-8 bytes: fixed by definition, unlike {@link String#hashCode()},
     * which has only 32 bits and collides on short names ("Aa" and "BB").
     */
    static long stableHash(String name) {
        long hash = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xFF);
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** The SplitMix64 finalizer (Stafford's variant 13): a bijection that avalanches all 64 bits. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
