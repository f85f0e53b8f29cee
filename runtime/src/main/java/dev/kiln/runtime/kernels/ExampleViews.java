package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The examples of an NCHW array as c-ordered [rows, cols] matrix views on its buffer (example n
 * starts at offset + n·stride(0)), for arrays whose examples are contiguous. The per-example products
 * of the im2col convolution backward use them; building them anew on every call allocated a native
 * shape buffer per view, two per example. They are kept per thread for the last few arrays, by
 * identity; generated models pass the same buffers every step.
 */
final class ExampleViews {
    // A grouped convolution holds one entry per group for dy (its channel views) besides the columns:
    // 33 at ResNeXt's 32 groups, and round-robin replacement thrashes as soon as the entries are short. Entries fill only on use.
    private static final int ENTRIES = 64;
    private static final ThreadLocal<ExampleViews> CACHE = ThreadLocal.withInitial(ExampleViews::new);

    private final INDArray[] bases = new INDArray[ENTRIES];
    private final long[] rows = new long[ENTRIES];
    private final long[] cols = new long[ENTRIES];
    private final INDArray[][] views = new INDArray[ENTRIES][];
    private int next;

    private ExampleViews() {
    }

    /** a[n] viewed as [rows, cols], for every n; the caller guarantees contiguous examples of rows·cols elements. */
    static INDArray[] of(INDArray a, long rows, long cols) {
        return CACHE.get().lookup(a, rows, cols);
    }

    private INDArray[] lookup(INDArray a, long r, long c) {
        for (int i = 0; i < ENTRIES; i++) {
            if (bases[i] == a && rows[i] == r && cols[i] == c) {
                return views[i];
            }
        }
        INDArray[] examples = new INDArray[Math.toIntExact(a.size(0))];
        for (int n = 0; n < examples.length; n++) {
            examples[n] = Nd4j.create(a.data(), new long[]{r, c}, new long[]{c, 1}, a.offset() + n * a.stride(0), 'c',
                    a.dataType());
        }
        bases[next] = a;
        rows[next] = r;
        cols[next] = c;
        views[next] = examples;
        next = (next + 1) % ENTRIES;
        return examples;
    }
}
