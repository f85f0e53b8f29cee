package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows of ones [1, n], per thread, data type and length, for turning sums into matrix products:
 * Σ_n dz_n = 1ᵀ dz. libnd4j's reduce_sum along the batch dimension of a c-ordered [256, 1024]
 * gradient took 0.75 ms on 2 cores, the product 0.11 ms (and see {@link AxisSums}). Kernels only
 * read them. A step uses a few lengths (the batch size, the spatial sizes of its feature maps), so
 * each is kept; beyond {@link #MAX_LENGTHS} the least recently used row is dropped, which bounds the
 * cache when batch sizes keep changing. (Emptying the whole cache instead made a steady training
 * loop re-create its rows whenever earlier work in the thread had filled the cache nearly full.)
 */
final class OnesRow {
    private static final int MAX_LENGTHS = 32;
    private static final ThreadLocal<Map<Key, INDArray>> ROWS = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, INDArray> eldest) {
                    return size() > MAX_LENGTHS;
                }
            });

    private record Key(DataType type, long n) {
    }

    private OnesRow() {
    }

    static INDArray of(DataType type, long n) {
        Map<Key, INDArray> rows = ROWS.get();
        Key key = new Key(type, n);
        INDArray ones = rows.get(key);
        if (ones == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, 1, n);
            }
            rows.put(key, ones);
        }
        return ones;
    }
}
