package dev.kiln.bench;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Counts what a block of steps allocates, for both systems alike:
 * <ul>
 * <li>native arrays: every ND4J CPU DataBuffer registers with the DeallocatorService under the id
 *     "BCDB_n", n from one global counter, so the buffers created during the block are the
 *     registered ids above the counter's value at the start. Each is classified by looking at it:
 *     new native memory (counted with its bytes), a view of an existing buffer, or memory carved from
 *     a workspace (no new native memory; the workspaces' own growth is counted separately);</li>
 * <li>op contexts ("CTX_n"): one per custom-op call, each holding a native context and a few
 *     javacpp argument pointers;</li>
 * <li>Java heap bytes allocated by the calling thread (com.sun.management.ThreadMXBean), which is
 *     where both systems run their steps.</li>
 * </ul>
 * A garbage collection during the block would let the deallocator drop registrations before they are
 * seen, so {@link #measure} repeats a block that saw a collection. Not counted: allocations libnd4j
 * makes inside an op in C++ (temporary buffers), which no Java-side counter sees.
 */
final class AllocationCounter {

    /** Per-step averages of one block. */
    record PerStep(double nativeArrays, double nativeBytes, double views, double workspaceArrays,
                   double opContexts, double heapBytes, long workspaceGrowthBytes, boolean gcDuringBlock) {
    }

    private final Map<String, ? extends Reference<?>> registry;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    AllocationCounter() {
        this.registry = registryOf(Nd4j.getDeallocatorService());
    }

    /** {@link #measure(Runnable, int)} under the given thread settings. */
    PerStep measure(Runnable step, int steps, Threads threads) {
        threads.apply();
        return measure(step, steps);
    }

    /** Runs {@code steps} calls of {@code step} (already warmed up) and counts, retrying up to 4 times if a GC interfered. */
    PerStep measure(Runnable step, int steps) {
        PerStep result = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            System.gc();
            result = once(step, steps);
            if (!result.gcDuringBlock()) {
                return result;
            }
        }
        return result;
    }

    private PerStep once(Runnable step, int steps) {
        long gcBefore = gcCount();
        long workspaceBefore = workspaceBytes();
        long firstId = Nd4j.getDeallocatorService().nextValue();
        long heapBefore = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        long heapAfter = threads.getCurrentThreadAllocatedBytes();
        long lastId = Nd4j.getDeallocatorService().nextValue();
        long workspaceGrowth = workspaceBytes() - workspaceBefore;

        long nativeArrays = 0;
        long nativeBytes = 0;
        long views = 0;
        long workspaceArrays = 0;
        long contexts = 0;
        for (Map.Entry<String, ? extends Reference<?>> entry : registry.entrySet()) {
            String key = entry.getKey();
            int cut = key.lastIndexOf('_');
            long id;
            try {
                id = Long.parseLong(key.substring(cut + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (id <= firstId || id >= lastId) {
                continue;
            }
            if (key.startsWith("CTX_")) {
                contexts++;
            } else if (entry.getValue().get() instanceof DataBuffer buffer) {
                if (buffer.isAttached()) {
                    workspaceArrays++;
                } else if (buffer.originalDataBuffer() != null) {
                    views++;
                } else {
                    nativeArrays++;
                    nativeBytes += buffer.length() * buffer.getElementSize();
                }
            }
        }
        boolean gc = gcCount() != gcBefore;
        return new PerStep((double) nativeArrays / steps, (double) nativeBytes / steps, (double) views / steps,
                (double) workspaceArrays / steps, (double) contexts / steps, (double) (heapAfter - heapBefore) / steps,
                workspaceGrowth, gc);
    }

    /** Bytes reserved by this thread's ND4J workspaces (DL4J's; Kiln opens none). */
    private static long workspaceBytes() {
        long total = 0;
        for (MemoryWorkspace workspace : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            total += workspace.getCurrentSize();
        }
        return total;
    }

    private static long gcCount() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    /** The DeallocatorService's id -> weak reference map; ND4J offers no public view of it. */
    @SuppressWarnings("unchecked")
    private static Map<String, ? extends Reference<?>> registryOf(DeallocatorService service) {
        try {
            Field field = DeallocatorService.class.getDeclaredField("referenceMap");
            field.setAccessible(true);
            return (Map<String, ? extends Reference<?>>) field.get(service);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read ND4J's DeallocatorService registry", e);
        }
    }
}
