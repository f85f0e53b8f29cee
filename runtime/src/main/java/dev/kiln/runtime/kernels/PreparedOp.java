package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * A libnd4j custom op whose native context is built once and then executed many times.
 *
 * <p>{@code Nd4j.exec(op)} builds a fresh native context for every call and hands it its integer and
 * float arguments as new javacpp pointers; on a small array that bookkeeping costs 20-100 µs, more
 * than the arithmetic, and every call leaves native objects behind for the garbage collector and
 * ND4J's deallocator threads. Here the arguments are set once, and an input or output is re-sent to
 * the context only when a different array is passed, so a training step's kernels allocate nothing.
 *
 * <p>Kernels hold one instance per thread and call pattern ({@link #perThread}); an instance keeps a
 * reference to the arrays it was last given, the price of not re-binding them on every call.
 */
final class PreparedOp {
    private final CustomOp op;
    private final OpContext context;
    private final INDArray[] inputs;
    private final INDArray[] outputs;

    private PreparedOp(String name, int inputCount, int outputCount, long[] integerArgs, double[] floatArgs,
                       boolean helpers) {
        this.op = DynamicCustomOp.builder(name).build();
        this.context = Nd4j.getExecutioner().buildContext();
        if (!helpers) {
            context.allowHelpers(false);
        }
        if (integerArgs.length > 0) {
            context.setIArguments(integerArgs);
        }
        if (floatArgs.length > 0) {
            context.setTArguments(floatArgs);
        }
        this.inputs = new INDArray[inputCount];
        this.outputs = new INDArray[outputCount];
    }

    static PreparedOp of(String name, int inputCount, int outputCount, long[] integerArgs, double[] floatArgs) {
        return new PreparedOp(name, inputCount, outputCount, integerArgs, floatArgs, true);
    }

    /**
     * Like {@link #of(String, int, int, long[], double[])}, but with {@code helpers} false libnd4j runs
     * its own implementation even where the binary has a platform helper (oneDNN) for the op: for
     * inputs the helper gets wrong, or where its own implementation is faster.
     */
    static PreparedOp of(String name, int inputCount, int outputCount, long[] integerArgs, double[] floatArgs,
                         boolean helpers) {
        return new PreparedOp(name, inputCount, outputCount, integerArgs, floatArgs, helpers);
    }

    /** One prepared op per thread, so kernels stay safe to call from several threads. */
    static ThreadLocal<PreparedOp> perThread(String name, int inputCount, int outputCount, long[] integerArgs,
                                             double[] floatArgs) {
        return perThread(name, inputCount, outputCount, integerArgs, floatArgs, true);
    }

    /** As {@link #perThread(String, int, int, long[], double[])}; {@code helpers} as in {@link #of(String, int, int, long[], double[], boolean)}. */
    static ThreadLocal<PreparedOp> perThread(String name, int inputCount, int outputCount, long[] integerArgs,
                                             double[] floatArgs, boolean helpers) {
        return ThreadLocal.withInitial(() -> {
            NativeThreads.configureCurrentThread();
            return of(name, inputCount, outputCount, integerArgs, floatArgs, helpers);
        });
    }

    PreparedOp input(int index, INDArray array) {
        if (inputs[index] != array) {
            context.setInputArray(index, array);
            inputs[index] = array;
        }
        return this;
    }

    PreparedOp output(int index, INDArray array) {
        if (outputs[index] != array) {
            context.setOutputArray(index, array);
            outputs[index] = array;
        }
        return this;
    }

    /**
     * Runs the op on its context through libnd4j's entry point directly. ND4J's
     * {@code exec(CustomOp, OpContext)} makes the same native call but wraps it in a profiling hook,
     * a lookup of per-op oneDNN overrides and a fresh list and array of the outputs, about 1.5 KB of
     * Java heap per call, which is most of what a training step allocated (the CNN's 128 per-example
     * products alone made some 190 KB per step).
     */
    void exec() {
        NativeThreads.followMachineLoad();
        org.nd4j.nativeblas.NativeOps natives = Natives.OPS;
        int status = natives.execCustomOp2(null, op.opHash(), context.contextPointer());
        if (natives.lastErrorCode() != 0) {
            throw new IllegalStateException("libnd4j op " + op.opName() + " failed: " + natives.lastErrorMessage());
        }
        if (status != 0) {
            throw new IllegalStateException("libnd4j op " + op.opName() + " failed with status " + status);
        }
    }

    /** libnd4j's native entry points, looked up once, after the backend is loaded (the holder needs it). */
    private static final class Natives {
        static final org.nd4j.nativeblas.NativeOps OPS = load();

        private static org.nd4j.nativeblas.NativeOps load() {
            Nd4j.getExecutioner();
            return NativeOpsHolder.getInstance().getDeviceNativeOps();
        }
    }
}
