package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

/**
 * A large dense forward z = xW as x·(Wᵀ)ᵀ: a oneDNN reorder writes W [in, out] transposed into
 * per-thread scratch, and the product reads that with its second operand transposed. oneDNN 2.5's
 * sgemm is slow on the plain product when W is large and fast on the transposed one (measured on
 * 2 cores, avx2, ms per call, plain against transpose-and-product with the transposition included):
 * batch 256, 784 -> 1024: 4.87 against 3.47; 1024 -> 1024: 6.58 against 4.77; 2048 -> 1024: 14.97
 * against 8.10; batch 128, 1024 -> 1024: 3.83 against 2.25; 784 -> 512: 1.52 against 1.22. The
 * transposition is a pass over W (0.6-0.8 ms for 1024 x 1024), so it pays only where the batch is
 * large: at batch 64 and 32 the plain product was 5-10 % faster, and with 256 or fewer outputs it
 * ran at 160 GFLOP/s anyway (128 x 1152 -> 256: 0.47 against 0.49). Hence the rule: at least
 * {@value #MIN_ROWS} rows and {@value #MIN_WEIGHTS} weights. The sums run in another order than the
 * plain product's, so the last bits of z differ between the two paths, never between two runs.
 */
final class TransposedWeights {
    static final long MIN_ROWS = 128;
    static final long MIN_WEIGHTS = 512L * 512;

    private TransposedWeights() {
    }

    /** True for float32 dense arrays on Kiln's own oneDNN, at least MIN_ROWS rows and MIN_WEIGHTS weights. */
    static boolean pays(INDArray x, INDArray w, INDArray z) {
        return x.size(0) >= MIN_ROWS && w.length() >= MIN_WEIGHTS && OneDnnLibrary.takes(x, w, z);
    }

    /** z = xW, overwritten, through Wᵀ in scratch. */
    static void product(INDArray x, INDArray w, INDArray z) {
        OneDnnThread thread = OneDnnThread.current();
        INDArray transposed = Scratch.of(w.dataType(), Scratch.Slot.TRANSPOSED_WEIGHTS, w.size(1), w.size(0));
        thread.get(new Key(w.size(0), w.size(1)), Key::make).run(thread.stream, w, transposed);
        NativeCalls.MATMUL_TRANSPOSE_B.get().input(0, x).input(1, transposed).output(0, z).exec();
    }

    /** W's shape: the key of {@link OneDnnThread}'s cache. */
    private record Key(long in, long out) {
        static OneDnnPrimitive make(Key key) {
            engine engine = OneDnnThread.current().engine;
            long[] dims = {key.in, key.out};
            // The same [in, out] matrix, stored row by row and stored column by column (= Wᵀ row by row).
            memory.desc rows = new memory.desc(dims, memory.data_type.f32, memory.format_tag.ab);
            memory.desc columns = new memory.desc(dims, memory.data_type.f32, memory.format_tag.ba);
            return new OneDnnPrimitive(new reorder(new reorder.primitive_desc(engine, rows, engine, columns)), engine,
                    new int[]{DNNL_ARG_FROM, DNNL_ARG_TO}, new memory.desc[]{rows, columns});
        }
    }
}
