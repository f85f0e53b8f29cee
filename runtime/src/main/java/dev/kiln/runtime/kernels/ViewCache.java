package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Views the one-example dense path needs (a weight matrix transposed, a [1, n] row as a vector
 * [n]), remembered per thread by the identity of the array they view. ND4J allocates a small native
 * shape buffer for every new view, so building them on each call would allocate on every
 * single-example inference; generated models pass the same weight and buffer arrays every time, so
 * these lookups hit. A few recent entries are kept, replaced round-robin; an entry keeps its base
 * array reachable until it is replaced.
 */
final class ViewCache {
    private static final int ENTRIES = 24;
    private static final ThreadLocal<ViewCache> CACHE = ThreadLocal.withInitial(ViewCache::new);

    private final INDArray[] bases = new INDArray[ENTRIES];
    private final boolean[] transposes = new boolean[ENTRIES];
    private final INDArray[] views = new INDArray[ENTRIES];
    private int next;

    private ViewCache() {
    }

    /** {@code matrix.transpose()}, a view. */
    static INDArray transposed(INDArray matrix) {
        return CACHE.get().view(matrix, true);
    }

    /** A [1, n] row as the vector [n], a view. */
    static INDArray asVector(INDArray row) {
        return CACHE.get().view(row, false);
    }

    private INDArray view(INDArray base, boolean transpose) {
        for (int i = 0; i < ENTRIES; i++) {
            if (bases[i] == base && transposes[i] == transpose) {
                return views[i];
            }
        }
        INDArray view = transpose ? base.transpose() : base.reshape(base.size(1));
        bases[next] = base;
        transposes[next] = transpose;
        views[next] = view;
        next = (next + 1) % ENTRIES;
        return view;
    }
}
