package dev.kiln.runtime.kernels;

/**
 * What Kiln's kernels chose for this process, for tools that report or reproduce it (the benchmark):
 * whether the binary has oneDNN, the thread policy (see {@code NativeThreads}) and where products go.
 */
public final class NativeSettings {
    private NativeSettings() {
    }

    /** True when libnd4j was built with oneDNN and Kiln's oneDNN paths are on. */
    public static boolean oneDnn() {
        return OneDnn.available();
    }

    /** True when matrix products go to oneDNN's matmul on libnd4j's OpenMP threads, false when to OpenBLAS. */
    public static boolean productsOnOneDnn() {
        return NativeThreads.productsOnOneDnn();
    }

    /** e.g. "one pool: libnd4j OpenMP gets the cores, OpenBLAS 1 thread, products on oneDNN". */
    public static String describe() {
        return NativeThreads.POLICY == NativeThreads.Policy.ONE_POOL
                ? "one pool: libnd4j OpenMP gets the cores, OpenBLAS 1 thread, products on oneDNN"
                : "split: libnd4j loops single-threaded, OpenBLAS gets the cores for the products";
    }
}
