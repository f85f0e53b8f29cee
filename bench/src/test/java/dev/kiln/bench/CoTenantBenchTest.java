package dev.kiln.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoTenantBenchTest {

    @Test
    void fairShareGivesEveryRunnableThreadAnEqualPart() {
        assertEquals(1.5, CoTenantBench.fairShareSlowdown(2, 1));
        assertEquals(2.0, CoTenantBench.fairShareSlowdown(2, 2));
        assertEquals(1.25, CoTenantBench.fairShareSlowdown(4, 1));
    }

    @Test
    void slowdownsArePairedByRoundAndJudgedAgainstTheFairShare() {
        // two rounds: quiet 3 s and 2 s, next to one 4 s and 3 s, next to two 6 s and 5 s
        double[][] seconds = {{3, 2}, {4, 3}, {6, 5}};
        String table = CoTenantBench.render(seconds, 2);
        // next to one: ratios 1.33 and 1.5, median 1.42; fair 1.5: 0.94 met
        assertTrue(table.contains("1 busy"), table);
        assertTrue(table.contains("1.42x"), table);
        assertTrue(table.contains("0.94 met"), table);
        // next to two: ratios 2.0 and 2.5, median 2.25; fair 2.0: 1.13 met
        assertTrue(table.contains("2.25x"), table);
        assertTrue(table.contains("1.13 met"), table);
    }

    @Test
    void aBusyCoTenantStartsAndStops() {
        java.util.List<ProcessHandle> started;
        try (CoTenants busy = CoTenants.start(2)) {
            started = busy.handles();
            assertEquals(2, started.size());
            assertTrue(started.stream().allMatch(ProcessHandle::isAlive));
        }
        assertTrue(started.stream().noneMatch(ProcessHandle::isAlive));
    }
}
