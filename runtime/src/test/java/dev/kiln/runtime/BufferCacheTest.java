package dev.kiln.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class BufferCacheTest {
    private final List<Long> created = new ArrayList<>();
    private final BufferCache<long[]> cache = new BufferCache<>();

    private long[] get(long size) {
        return cache.get(size, n -> {
            created.add(n);
            return new long[] {n};
        });
    }

    @Test
    void aTrainingLoopWithEvaluationCreatesEachSizeOnce() {
        // 60,000 examples in batches of 128 (last 96), 10,000 held out in batches of 1,000 (or 3,000: last 1,000).
        long[] cycle = {128, 128, 96, 1000, 1000, 128, 96, 3000, 1000};
        for (int epoch = 0; epoch < 5; epoch++) {
            for (long size : cycle) {
                assertEquals(size, get(size)[0]);
            }
        }
        assertEquals(List.of(128L, 96L, 1000L, 3000L), created, "every size created once, in the first epoch");
    }

    @Test
    void aFifthSizeDropsTheLeastRecentlyUsed() {
        long[] first = get(1);
        get(2);
        get(3);
        get(4);
        assertSame(first, get(1), "1 is now the most recent");
        get(5); // drops 2, the least recently used
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), created);
        get(3);
        get(4);
        get(1);
        get(5);
        assertEquals(5, created.size(), "3, 4, 1 and 5 are still held");
        get(2);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 2L), created, "2 was dropped and is made again");
    }
}
