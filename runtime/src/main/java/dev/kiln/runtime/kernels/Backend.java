package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Properties;

/**
 * What Kiln runs on in this process, in one line and as values: ND4J's backend (CPU or CUDA), the
 * native binary that was loaded (its Maven classifier) and the others the class path holds, whether
 * it has oneDNN, the BLAS library, and the thread policy Kiln chose ({@link NativeThreads}). The
 * trainer prints {@link #describe()} once per process before its first epoch, with progress on, so
 * a slow run caused by the generic binary or by a thread setting is visible at once.
 *
 * @param backend        ND4J's backend: "CPU" or "CUDA"
 * @param binary         the loaded binary's classifier, e.g. linux-x86_64-onednn-avx512 ("unknown" if not found)
 * @param otherBinaries  other nd4j-native binaries on the class path, which were not loaded
 * @param oneDnn         whether the binary runs oneDNN kernels (and Kiln uses them)
 * @param blas           the BLAS vendor libnd4j reports, e.g. OPENBLAS
 * @param threadPolicy   "one pool" or "split" (see NativeThreads), with the OpenMP thread count
 * @param nativeMemory   what Kiln did to the C allocator (see NativeAllocator), e.g. "glibc malloc keeps
 *                       freed blocks (up to 32 MiB) for reuse"
 * @param primitives     the oneDNN primitives Kiln calls itself (see OneDnnLibrary: batch norm's training
 *                       passes, first-layer weight gradients, max pooling), e.g. "oneDNN 2.5.2 primitives (float32)",
 *                       or "none (...)" with the reason
 */
public record Backend(String backend, String binary, List<String> otherBinaries, boolean oneDnn, String blas,
                      String threadPolicy, String nativeMemory, String primitives) {
    public Backend {
        otherBinaries = List.copyOf(otherBinaries);
    }

    private static volatile @Nullable Backend current;

    /** The backend of this process (computed once; loads ND4J if nothing has yet). */
    public static Backend current() {
        Backend known = current;
        if (known == null) {
            known = detect();
            current = known;
        }
        return known;
    }

    private static Backend detect() {
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(environment.getOrDefault("backend", "CPU"));
        String binary = NativeBinary.loaded();
        List<String> others = NativeBinary.onClassPath().stream().filter(c -> !c.equals(binary)).toList();
        String blas = String.valueOf(environment.getOrDefault("blas.vendor", "unknown"));
        return new Backend(backend, binary, others, OneDnn.available(), blas, NativeThreads.describePolicy(),
                NativeAllocator.describe(), OneDnnLibrary.describe());
    }

    /**
     * One line: "Kiln on ND4J CPU, binary linux-x86_64-onednn-avx512 (oneDNN, OPENBLAS), threads: one
     * pool: 2 OpenMP threads, BLAS single-threaded; memory: glibc malloc keeps freed blocks (up to 32
     * MiB) for reuse; own kernels: oneDNN 2.5.2 primitives (float32)".
     */
    public String describe() {
        StringBuilder line = new StringBuilder("Kiln on ND4J ").append(backend).append(", binary ").append(binary)
                .append(" (").append(oneDnn ? "oneDNN, " : "no oneDNN, ").append(blas).append("), threads: ")
                .append(threadPolicy).append("; memory: ").append(nativeMemory)
                .append("; own kernels: ").append(primitives);
        if (!otherBinaries.isEmpty()) {
            line.append("; also on the class path, not loaded: ").append(String.join(", ", otherBinaries));
        }
        return line.toString();
    }
}
