package dev.kiln.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest {

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        Stats s = Stats.of(new double[] {5, 1, 4, 2, 3});
        assertEquals(3, s.median());
        assertEquals(2, s.p25());
        assertEquals(4, s.p75());
        assertEquals(1, s.min());
        assertEquals(5, s.max());
        assertEquals(2.5, Stats.of(new double[] {1, 2, 3, 4}).median());
    }

    @Test
    void ratiosArePairedByRound() {
        double[] r = Interleaved.ratios(new double[] {2, 9}, new double[] {1, 3});
        assertEquals(2, r[0]);
        assertEquals(3, r[1]);
    }
}
