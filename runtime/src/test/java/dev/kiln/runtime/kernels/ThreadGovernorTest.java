package dev.kiln.runtime.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadGovernorTest {
    @Test
    void givesWayOneThreadPerCoreOthersTakeKeepingAtLeastOne() {
        assertEquals(2, ThreadGovernor.threadsFor(0.0, 2));
        assertEquals(2, ThreadGovernor.threadsFor(0.64, 2));
        assertEquals(1, ThreadGovernor.threadsFor(0.65, 2));
        assertEquals(1, ThreadGovernor.threadsFor(1.0, 2));
        assertEquals(1, ThreadGovernor.threadsFor(2.0, 2));
        assertEquals(4, ThreadGovernor.threadsFor(1.2, 5));
        assertEquals(3, ThreadGovernor.threadsFor(1.7, 5));
        assertEquals(1, ThreadGovernor.threadsFor(9.0, 5));
    }

    /** Ticks for one 200 ms sample on 2 cores (40 ticks) with {@code others} ticks used by other processes. */
    private static CpuShare.Sample next(CpuShare.Sample last, long others) {
        long mine = 40 - others;
        return new CpuShare.Sample(last.total() + 40, last.busy() + others + mine, last.self() + mine);
    }

    @Test
    void changesOnlyWhenTwoSamplesInARowAskForIt() {
        CpuShare.Sample s = new CpuShare.Sample(0, 0, 0);
        ThreadGovernor governor = new ThreadGovernor(2, s);
        s = next(s, 0);
        assertEquals(2, governor.observe(s, 2));
        s = next(s, 20); // one core busy for one sample: a burst
        assertEquals(2, governor.observe(s, 2));
        s = next(s, 0);
        assertEquals(2, governor.observe(s, 2));
        s = next(s, 20);
        assertEquals(2, governor.observe(s, 2));
        s = next(s, 20); // the second in a row
        assertEquals(1, governor.observe(s, 2));
        s = next(s, 0);
        assertEquals(1, governor.observe(s, 2));
        s = next(s, 0); // free for two samples: all threads again
        assertEquals(2, governor.observe(s, 2));
        assertEquals(2, governor.allowed());
    }

    @Test
    void refusesNoThreads() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadGovernor(0, new CpuShare.Sample(0, 0, 0)));
    }
}
