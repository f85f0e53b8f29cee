package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;

import java.util.function.Function;

/**
 * This thread's oneDNN engine and stream, and the primitives it made for the last few
 * configurations, found by key (a value record: shapes, flags, geometry). oneDNN's memory objects
 * are rebound per call, so a primitive is used by one thread only. Entries are replaced round-robin.
 */
final class OneDnnThread {
    // FashionCnn makes 13 (three per batch-norm shape, one weight gradient); ResNet-18 about 40.
    private static final int ENTRIES = 64;
    private static final ThreadLocal<OneDnnThread> CURRENT = ThreadLocal.withInitial(OneDnnThread::new);

    final engine engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
    final stream stream = new stream(engine);
    private final Object[] keys = new Object[ENTRIES];
    private final Object[] values = new Object[ENTRIES];
    private int next;

    private OneDnnThread() {
    }

    /** This thread's engine, stream and primitives, after Kiln's thread settings are applied to it. */
    static OneDnnThread current() {
        NativeThreads.configureCurrentThread();
        return CURRENT.get();
    }

    /** The value made for {@code key} on this thread, made by {@code make} the first time. */
    @SuppressWarnings("unchecked")
    <K, V> V get(K key, Function<K, V> make) {
        for (int i = 0; i < ENTRIES; i++) {
            if (key.equals(keys[i])) {
                return (V) values[i];
            }
        }
        V made = make.apply(key);
        keys[next] = key;
        values[next] = made;
        next = (next + 1) % ENTRIES;
        return made;
    }
}
