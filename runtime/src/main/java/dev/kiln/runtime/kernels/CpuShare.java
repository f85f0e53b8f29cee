package dev.kiln.runtime.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores the other processes on this machine keep busy, from Linux's CPU counters: the
 * machine's busy time ({@code /proc/stat}) minus this process's own ({@code /proc/self/stat}), both
 * in clock ticks, over the time between two samples. This process's own threads, spinning OpenMP
 * workers included, never count, so the figure does not react to what Kiln itself does.
 * Public for the benchmark, which checks with it that the machine is quiet before it times anything.
 */
public final class CpuShare {
    private static final Path MACHINE = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");

    /** Cumulative ticks: all the machine's (idle included), its busy ones, and this process's. */
    public record Sample(long total, long busy, long self) {
        /**
         * The cores other processes used on average since {@code earlier}: their share of the
         * machine's ticks times the core count; 0 when no tick passed.
         */
        public double otherCores(Sample earlier, int cores) {
            long elapsed = total - earlier.total;
            if (elapsed <= 0) {
                return 0;
            }
            long others = (busy - earlier.busy) - (self - earlier.self);
            return Math.max(0, others) * (double) cores / elapsed;
        }
    }

    private CpuShare() {
    }

    /** True where the counters can be read (Linux). */
    public static boolean available() {
        return Files.isReadable(MACHINE) && Files.isReadable(SELF);
    }

    /** The counters now; throws IOException where they cannot be read. */
    public static Sample sample() throws IOException {
        return parse(Files.readString(MACHINE, StandardCharsets.US_ASCII), Files.readString(SELF, StandardCharsets.US_ASCII));
    }

    /**
     * Parses /proc/stat's first line ({@code cpu user nice system idle iowait irq softirq steal guest
     * guest_nice}; guest time is already inside user and nice) and /proc/self/stat's utime and stime
     * (fields 14 and 15, counted after the parenthesised command name, which may hold spaces).
     */
    static Sample parse(String machine, String self) {
        int lineEnd = machine.indexOf('\n');
        String[] cpu = (lineEnd < 0 ? machine : machine.substring(0, lineEnd)).trim().split("\\s+");
        if (cpu.length < 5 || !cpu[0].equals("cpu")) {
            throw new IllegalArgumentException("/proc/stat does not start with the cpu line: " + machine.lines().findFirst().orElse(""));
        }
        long total = 0;
        long idle = 0;
        for (int field = 1; field < Math.min(cpu.length, 9); field++) { // user .. steal
            long ticks = Long.parseLong(cpu[field]);
            total += ticks;
            if (field == 4 || field == 5) { // idle, iowait
                idle += ticks;
            }
        }
        String[] after = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
        // after[0] is field 3 (state), so utime (14) and stime (15) are after[11] and after[12].
        long selfTicks = Long.parseLong(after[11]) + Long.parseLong(after[12]);
        return new Sample(total, total - idle, selfTicks);
    }
}
