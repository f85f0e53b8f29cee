package dev.kiln.runtime.init;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SeedStreamsTest {

    private static long[] first(SplittableRandom rng, int count) {
        return LongStream.generate(rng::nextLong).limit(count).toArray();
    }

    @Test
    void sameNameGivesTheSameStreamEveryTime() {
        SeedStreams streams = new SeedStreams(42);
        assertArrayEquals(first(streams.forParameter("fc1.W"), 20), first(streams.forParameter("fc1.W"), 20));
        assertArrayEquals(first(streams.forParameter("fc1.W"), 20), first(new SeedStreams(42).forParameter("fc1.W"), 20));
    }

    @Test
    void differentNamesGiveDifferentStreams() {
        SeedStreams streams = new SeedStreams(42);
        assertFalse(java.util.Arrays.equals(first(streams.forParameter("fc1.W"), 5), first(streams.forParameter("fc1.b"), 5)));
        assertFalse(java.util.Arrays.equals(first(streams.forParameter("fc1.W"), 5), first(streams.forParameter("fc2.W"), 5)));
    }

    @Test
    void namesThatCollideInStringHashCodeStillDiffer() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        SeedStreams streams = new SeedStreams(7);
        assertNotEquals(streams.seedFor("Aa"), streams.seedFor("BB"));
    }

    @Test
    void differentSeedsGiveDifferentStreamsForOneName() {
        assertNotEquals(new SeedStreams(1).seedFor("fc1.W"), new SeedStreams(2).seedFor("fc1.W"));
    }

    @Test
    void aStreamDoesNotDependOnWhichOthersWereUsed() {
        SeedStreams fresh = new SeedStreams(99);
        long[] alone = first(fresh.forParameter("fc2.W"), 8);
        SeedStreams busy = new SeedStreams(99);
        first(busy.forParameter("fc1.W"), 1000);
        first(busy.forParameter("extra.W"), 1000);
        assertArrayEquals(alone, first(busy.forParameter("fc2.W"), 8));
    }

    @Test
    void manyLayerNamesGetDistinctSeeds() {
        SeedStreams streams = new SeedStreams(0);
        Set<Long> seeds = new HashSet<>();
        for (int layer = 0; layer < 5000; layer++) {
            seeds.add(streams.seedFor("layer" + layer + ".W"));
            seeds.add(streams.seedFor("layer" + layer + ".b"));
        }
        assertEquals(10_000, seeds.size());
    }

    @Test
    void nameHashIsSixtyFourBitFnv1a() {
        // Published FNV-1a test vectors: "" hashes to the offset basis.
        assertEquals(0xCBF29CE484222325L, SeedStreams.stableHash(""));
        assertEquals(0xAF63DC4C8601EC8CL, SeedStreams.stableHash("a"));
        assertEquals(0x85944171F73967E8L, SeedStreams.stableHash("foobar"));
    }

    @Test
    void seedDerivationIsPinned() {
        // Changing the derivation would silently change every model's initial weights for a given seed.
        assertEquals(PINNED_FC1_W_SEED_42, new SeedStreams(42).seedFor("fc1.W"));
    }

    private static final long PINNED_FC1_W_SEED_42 = 5516288413156304430L;
}
