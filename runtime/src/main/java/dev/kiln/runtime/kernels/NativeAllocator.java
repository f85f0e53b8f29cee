package dev.kiln.runtime.kernels;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * Keeps the C allocator from handing freed native memory back to the kernel between kernel calls.
 * libnd4j and oneDNN allocate and free several megabytes of temporaries in every convolution
 * backward call (reorders into oneDNN's blocked layouts, the gradient in libnd4j's layout). glibc's
 * malloc serves such blocks with mmap or trims them off the heap's top when they are freed, so the
 * next call touches fresh pages, and each page costs a fault and the kernel's zeroing. Whether that
 * happens depends on what the process freed before, so it comes and goes between runs. Measured on
 * the 2-core machine with the oneDNN-avx512 binary (docs/performance.md, "Freed native memory stays
 * in the process"): the bench chain's conv2 backward (batch 128, 32 to 64 channels, 14x14) took 29
 * and 38 ms a call with glibc's defaults and 6.5 ms with the settings below, of which oneDNN's
 * primitives run 5; two of three FashionCnn runs with the defaults had 52 and 66 s epochs with four
 * to six times the system time, against 34-43 s in every run with the settings, with identical losses.
 *
 * <p>The settings, applied once per process through {@code mallopt} before the first kernel runs:
 * blocks up to 32 MiB (glibc's largest heap block) come from the heap rather than from mmap, and
 * the heap keeps up to 1 GiB free at its top (and grows 256 MiB at a time) instead of 128 KiB. The
 * cost: memory a run has freed stays in the process for its next allocation instead of returning
 * to the system, so the resident size stays near its peak (FashionCnn's peak was the same 2.5 GB
 * either way).
 *
 * <p>Left alone where the user has set any of these itself (glibc's {@code MALLOC_MMAP_THRESHOLD_},
 * {@code MALLOC_TRIM_THRESHOLD_}, {@code MALLOC_TOP_PAD_}, {@code MALLOC_MMAP_MAX_} or their
 * {@code glibc.malloc} tunables in {@code GLIBC_TUNABLES}), with {@code -Dkiln.nd4j.keepFreedMemory=false},
 * and where glibc's mallopt cannot be reached (musl, macOS, Windows, or JNA unable to load).
 * {@link Backend#describe} says which.
 */
final class NativeAllocator {
    static final String PROPERTY = "kiln.nd4j.keepFreedMemory";
    /** glibc's malloc.h parameter numbers. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    static final int LARGEST_HEAP_BLOCK = 32 << 20;
    static final int KEPT_AT_TOP = 1 << 30;
    static final int GROWTH = 256 << 20;
    /** The environment's ways to set what Kiln would set (glibc's variables and their tunables). */
    private static final String[] USER_VARIABLES = {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
        "MALLOC_MMAP_MAX_"};
    private static final String[] USER_TUNABLES = {"glibc.malloc.mmap_threshold", "glibc.malloc.trim_threshold",
        "glibc.malloc.top_pad", "glibc.malloc.mmap_max"};

    /** What happened to the allocator in this process. */
    enum Outcome {
        KEPT("glibc malloc keeps freed blocks (up to 32 MiB) for reuse"),
        USER_SETTINGS("glibc malloc as the environment sets it"),
        TURNED_OFF("C allocator left as is (" + PROPERTY + "=false)"),
        /** No glibc, or JNA could not load its own native part (a temporary directory mounted noexec, say). */
        NOT_GLIBC("C allocator left as is (glibc's mallopt not reachable)"),
        REFUSED("C allocator left as is (glibc refused the settings)");

        final String description;

        Outcome(String description) {
            this.description = description;
        }
    }

    /** Null until {@link #configureOnce} has run. */
    private static volatile @Nullable Outcome outcome;

    private NativeAllocator() {
    }

    /** Applies the settings the first time it is called in this process and returns what happened; later calls return at once. */
    static Outcome configureOnce() {
        Outcome known = outcome;
        if (known != null) {
            return known;
        }
        synchronized (NativeAllocator.class) {
            known = outcome;
            if (known == null) {
                known = configure(System.getenv(), System.getProperty(PROPERTY, "true"));
                outcome = known;
            }
            return known;
        }
    }

    /** The outcome in words, for {@link Backend}; configures first if no kernel has yet. */
    static String describe() {
        return configureOnce().description;
    }

    /**
     * Whether Kiln should tune the allocator, from the environment and the property alone: {@code
     * KEPT} when it should go on and ask glibc.
     */
    static Outcome decide(Map<String, String> environment, String property) {
        if (!Boolean.parseBoolean(property)) {
            return Outcome.TURNED_OFF;
        }
        String tunables = environment.getOrDefault("GLIBC_TUNABLES", "");
        boolean userTuned = false;
        for (int i = 0; i < USER_VARIABLES.length; i++) {
            userTuned |= environment.containsKey(USER_VARIABLES[i]) || tunables.contains(USER_TUNABLES[i]);
        }
        return userTuned ? Outcome.USER_SETTINGS : Outcome.KEPT;
    }

    private static Outcome configure(Map<String, String> environment, String property) {
        Outcome decided = decide(environment, property);
        if (decided != Outcome.KEPT) {
            return decided;
        }
        Function mallopt;
        try {
            NativeLibrary c = NativeLibrary.getInstance("c");
            c.getFunction("gnu_get_libc_version"); // only glibc has it; mallopt's numbers are glibc's
            mallopt = c.getFunction("mallopt");
        } catch (LinkageError | RuntimeException unreachable) {
            // LinkageError covers a missing symbol and JNA's own failure to load (NoClassDefFoundError,
            // ExceptionInInitializerError): a speed setting never stops a model from running.
            return Outcome.NOT_GLIBC;
        }
        // mallopt returns 1 on success, 0 for a value it rejects. The mmap threshold first: setting it
        // turns off glibc's own adjustment of both thresholds, which would otherwise undo the others.
        boolean accepted = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, LARGEST_HEAP_BLOCK}) == 1
                & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, KEPT_AT_TOP}) == 1
                & mallopt.invokeInt(new Object[] {M_TOP_PAD, GROWTH}) == 1;
        return accepted ? Outcome.KEPT : Outcome.REFUSED;
    }
}
