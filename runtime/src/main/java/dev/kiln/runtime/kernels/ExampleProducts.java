package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-example matrix products of the im2col convolution backward, one prepared matmul per
 * example bound once to that example's views ({@link ExampleViews}). A single prepared op re-sent
 * two views per example made the javacpp pointers of 256 re-sends per call for a batch of 128:
 * about 260 KB of Java heap per CNN training step. The bound products are kept per thread for the
 * last few operand sets, by identity; generated models pass the same buffers, hence the same view
 * arrays, every step.
 *
 * <p>All run on OpenBLAS (libnd4j's helpers off): with the one-pool policy it runs them on one
 * thread, and oneDNN's matmul, which sets up a primitive per call, was no faster for FashionCnn's
 * first layer (128 products of [32, 784] x [784, 9] per step) nor for the channels-last weight
 * gradient (4.5 against 4.4 ms for the bench CNN's conv1).
 */
final class ExampleProducts {
    // A grouped convolution's backward binds two operand sets per group (64 at ResNeXt's 32 groups);
    // round-robin replacement thrashes as soon as the entries are short. Entries fill only on use.
    private static final int ENTRIES = 72;
    private static final double[] ALPHA_1_BETA_0 = {1.0, 0.0};
    private static final double[] ALPHA_1_BETA_1 = {1.0, 1.0};
    private static final ThreadLocal<ExampleProducts> CACHE = ThreadLocal.withInitial(ExampleProducts::new);

    /** Which operand is transposed: matmul's integer arguments (transpose a, transpose b, transpose result). */
    enum Form {
        A_B(0, 0),
        A_BT(0, 1),
        AT_B(1, 0);

        private final long[] transposes;

        Form(long transposeA, long transposeB) {
            this.transposes = new long[] {transposeA, transposeB, 0};
        }
    }

    private final Form[] forms = new Form[ENTRIES];
    private final Object[] firsts = new Object[ENTRIES];
    private final Object[] seconds = new Object[ENTRIES];
    private final Object[] results = new Object[ENTRIES];
    private final PreparedOp[][] products = new PreparedOp[ENTRIES][];
    private int next;

    private ExampleProducts() {
    }

    /** out = Σ_n op(a[n]) op(b[n]): the first product writes out, the others add to it. */
    static void sum(Form form, INDArray[] a, INDArray[] b, INDArray out) {
        ExampleProducts cache = CACHE.get();
        PreparedOp[] bound = cache.find(form, a, b, out);
        if (bound == null) {
            bound = new PreparedOp[a.length];
            for (int n = 0; n < a.length; n++) {
                bound[n] = product(form, n == 0 ? ALPHA_1_BETA_0 : ALPHA_1_BETA_1, a[n], b[n], out);
            }
            cache.remember(form, a, b, out, bound);
        }
        execAll(bound);
    }

    /** out[n] = op(a) op(b[n]) for every n, a shared by all examples. */
    static void each(Form form, INDArray a, INDArray[] b, INDArray[] out) {
        ExampleProducts cache = CACHE.get();
        PreparedOp[] bound = cache.find(form, a, b, out);
        if (bound == null) {
            bound = new PreparedOp[b.length];
            for (int n = 0; n < b.length; n++) {
                bound[n] = product(form, ALPHA_1_BETA_0, a, b[n], out[n]);
            }
            cache.remember(form, a, b, out, bound);
        }
        execAll(bound);
    }

    private static PreparedOp product(Form form, double[] alphaBeta, INDArray a, INDArray b, INDArray out) {
        NativeThreads.configureCurrentThread();
        return PreparedOp.of("matmul", 2, 1, form.transposes, alphaBeta, false).input(0, a).input(1, b).output(0, out);
    }

    private static void execAll(PreparedOp[] bound) {
        for (PreparedOp product : bound) {
            product.exec();
        }
    }

    private PreparedOp @Nullable [] find(Form form, Object a, Object b, Object out) {
        for (int i = 0; i < ENTRIES; i++) {
            if (forms[i] == form && firsts[i] == a && seconds[i] == b && results[i] == out) {
                return products[i];
            }
        }
        return null;
    }

    private void remember(Form form, Object a, Object b, Object out, PreparedOp[] bound) {
        forms[next] = form;
        firsts[next] = a;
        seconds[next] = b;
        results[next] = out;
        products[next] = bound;
        next = (next + 1) % ENTRIES;
    }
}
