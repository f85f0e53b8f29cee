package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * This thread's oneDNN engine and stream, and the primitives it made for the configurations it met,
 * found by key (a value record: shapes, flags, geometry). oneDNN's memory objects are rebound per
 * call, so a primitive is used by one thread only. The least recently used of more than
 * {@link #ENTRIES} is dropped (a primitive takes a millisecond or more to make, so a cache that
 * cycled would cost more than it saves).
 */
final class OneDnnThread {
    // FashionCnn's training and evaluation make about 40 (batch norm: three per shape and batch size,
    // pooling two, the weight gradient one); a ResNet-50 at two batch sizes about 150.
    private static final int ENTRIES = 512;
    private static final ThreadLocal<OneDnnThread> CURRENT = ThreadLocal.withInitial(OneDnnThread::new);

    final engine engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
    final stream stream = new stream(engine);
    private final Map<Object, Object> made = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > ENTRIES;
        }
    };

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
        Object known = made.get(key);
        if (known != null) {
            return (V) known;
        }
        V value = make.apply(key);
        made.put(key, value);
        return value;
    }
}
