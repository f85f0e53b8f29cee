package dev.kiln.runtime.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuShareTest {
    private static final String MACHINE = "cpu  4371730 466378 775780 4517062 6302 0 6702 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n";
    // A command name with spaces and a parenthesis, as /proc allows; utime 120 and stime 30 are fields 14 and 15.
    private static final String SELF = "17480 (my (odd) java) R 17476 17476 14967 0 -1 4194304 127 0 0 0 120 30 0 0 20 0 1 0";

    @Test
    void parsesTheMachineLineAndThisProcessesTicks() {
        CpuShare.Sample sample = CpuShare.parse(MACHINE, SELF);
        long total = 4371730L + 466378 + 775780 + 4517062 + 6302 + 0 + 6702 + 0;
        assertEquals(total, sample.total());
        assertEquals(total - 4517062 - 6302, sample.busy());
        assertEquals(150, sample.self());
    }

    @Test
    void otherCoresIsTheBusyShareThatIsNotThisProcesses() {
        CpuShare.Sample before = new CpuShare.Sample(1000, 400, 100);
        // 200 ticks on 2 cores: 150 busy, 60 of them this process's, so others used 90/200 of the machine.
        CpuShare.Sample after = new CpuShare.Sample(1200, 550, 160);
        assertEquals(0.9, after.otherCores(before, 2), 1e-12);
        assertEquals(0, before.otherCores(before, 2));
        // Counters read at slightly different moments can make this process's ticks exceed the busy ones.
        assertEquals(0, new CpuShare.Sample(1200, 450, 300).otherCores(before, 2));
    }

    @Test
    void refusesAFileThatIsNotProcStat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuShare.parse("intr 1 2 3\n", SELF));
        assertTrue(e.getMessage().contains("intr 1 2 3"), e.getMessage());
    }

    @Test
    void readsThisMachinesCountersWhereTheyExist() throws IOException {
        if (!CpuShare.available()) {
            return; // not Linux: the governor stays off there, which NativeThreads checks the same way
        }
        CpuShare.Sample first = CpuShare.sample();
        long end = System.nanoTime() + 50_000_000L;
        double spin = 0;
        while (System.nanoTime() < end) {
            spin += Math.sqrt(spin + 1); // keep this thread busy so this process's ticks grow
        }
        CpuShare.Sample second = CpuShare.sample();
        assertTrue(spin > 0);
        assertTrue(second.total() >= first.total() && second.self() >= first.self(), first + " then " + second);
        double others = second.otherCores(first, Runtime.getRuntime().availableProcessors());
        assertTrue(others >= 0 && others <= Runtime.getRuntime().availableProcessors(), "others " + others);
    }
}
