package dev.kiln.runtime.kernels;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeAllocatorTest {
    /** Four 6 MiB temporaries, the sizes of a convolution backward's reorders at batch 128. */
    private static final int BLOCKS = 4;
    private static final long BLOCK = 6L << 20;
    private static final long PAGES = BLOCKS * BLOCK / 4096;

    @Test
    void freedTemporariesAreReusedWithoutFaultingTheirPagesInAgain() throws IOException {
        assertEquals(NativeAllocator.Outcome.KEPT, NativeAllocator.configureOnce(),
                "this build runs on glibc with no MALLOC_* settings of its own");
        assertEquals(NativeAllocator.Outcome.KEPT.description, NativeAllocator.describe());
        // With glibc's defaults the heap's top is trimmed once the freed blocks there exceed twice the
        // largest block freed so far, so every round faults three of the four blocks in again: 4,580
        // faults a round of 6,144 pages, measured with this pattern in a JVM where Kiln had not
        // configured the allocator. Kept, only the first round faults them in (3-5 faults a round).
        touchAndFree();
        long before = minorFaults();
        int rounds = 5;
        for (int i = 0; i < rounds; i++) {
            touchAndFree();
        }
        long perRound = (minorFaults() - before) / rounds;
        assertTrue(perRound < PAGES / 10, perRound + " minor faults a round for blocks of " + PAGES + " pages in all");
    }

    @Test
    void theUsersOwnSettingsAndThePropertyWin() {
        assertEquals(NativeAllocator.Outcome.KEPT, NativeAllocator.decide(Map.of("MALLOC_ARENA_MAX", "2"), "true"));
        assertEquals(NativeAllocator.Outcome.USER_SETTINGS, NativeAllocator.decide(Map.of("MALLOC_TRIM_THRESHOLD_", "0"), "true"));
        assertEquals(NativeAllocator.Outcome.USER_SETTINGS, NativeAllocator.decide(Map.of("MALLOC_MMAP_THRESHOLD_", "65536"), "true"));
        assertEquals(NativeAllocator.Outcome.USER_SETTINGS,
                NativeAllocator.decide(Map.of("GLIBC_TUNABLES", "glibc.malloc.top_pad=0:glibc.cpu.x86_ibt=off"), "true"));
        assertEquals(NativeAllocator.Outcome.KEPT, NativeAllocator.decide(Map.of("GLIBC_TUNABLES", "glibc.cpu.x86_ibt=off"), "true"));
        assertEquals(NativeAllocator.Outcome.TURNED_OFF, NativeAllocator.decide(Map.of(), "false"));
        assertEquals(NativeAllocator.Outcome.KEPT, NativeAllocator.decide(Map.of(), "true"));
    }

    /** Allocates the blocks, writes every byte, and frees them in reverse, as a kernel call's temporaries go. */
    private static void touchAndFree() {
        Pointer[] blocks = new Pointer[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = Pointer.malloc(BLOCK);
            assertTrue(blocks[i] != null && !blocks[i].isNull(), "malloc of " + BLOCK + " bytes");
            Pointer.memset(blocks[i], 1, BLOCK);
        }
        for (int i = BLOCKS - 1; i >= 0; i--) {
            Pointer.free(blocks[i]);
        }
    }

    /** This process's minor page faults so far: field 10 of /proc/self/stat, after the command in parentheses. */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
