package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per-thread temporary buffers for kernels that need an intermediate array (a derivative computed
 * before it is multiplied into an in-place gradient, the second term of a GELU derivative). A slot
 * grows to the largest size requested and is then reused, so a training loop allocates nothing
 * after its first step.
 *
 * <p>A returned array is valid until the same thread asks for the same slot again; kernels never
 * let one escape. Each slot has one purpose, so kernels that call each other never share one.
 */
final class Scratch {

    enum Slot {
        /** f'(z) in an in-place activation backward. */
        DERIVATIVE,
        /** A second intermediate inside one kernel (activation derivative terms, loss terms). */
        WORK,
        /** The gradient a loss computes along the way when only its value was asked for. */
        LOSS_GRADIENT,
        /** The input gradient a library conv backward always computes, when the caller does not want it. */
        CONV_INPUT_GRADIENT,
        /** im2col columns [N, C, kH, kW, Hout, Wout] inside the convolution backward. */
        CONV_COLUMNS,
        /** 1 + t and then (1 + t) - 1 inside {@link NativeOps#log1p}. */
        LOG1P_SUM,
        /** The ratio log(1 + t) / ((1 + t) - 1) and its intermediates inside {@link NativeOps#log1p}. */
        LOG1P_RATIO,
        /** An element-wise product the size of the input in a normalization kernel (dy ⊙ x̂, dx̂ ⊙ x̂). */
        NORM_PRODUCT,
        /** √(σ² + ε) per statistics group (or per unit, per output channel) in a normalization kernel. */
        NORM_GROUP_SCALE,
        /** mean_S(dx̂) per statistics group in a normalization backward. */
        NORM_GROUP_MEAN_1,
        /** mean_S(dx̂ ⊙ x̂) per statistics group in a normalization backward. */
        NORM_GROUP_MEAN_2,
        /** The per-channel coefficient of x̂ in a per-channel normalization backward. */
        NORM_GROUP_COEFFICIENT,
        /** The per-channel shift in a per-channel normalization backward. */
        NORM_GROUP_SHIFT,
        /** (1 − decay) times a batch statistic, in the running-statistics update. */
        RUNNING_STATISTIC,
        /** The sums over the innermost axis inside {@link AxisSums}. */
        AXIS_SUM_PARTIAL,
        /** The scalar total that decides {@link FiniteCheck}. */
        FINITE_TOTAL,
        /** The one-element result of a whole-array sum in {@link Reductions}. */
        TOTAL,
        /** The element-wise product a ⊙ b that {@link Reductions#dot} sums. */
        DOT_PRODUCT,
        /** A per-row statistic of a loss ([n, 1]: the true class's score, the number of active margins). */
        LOSS_ROW,
        /** The per-row arg-max of a batch's outputs, in {@link Metrics}. */
        ARGMAX_OUTPUTS,
        /** The per-row arg-max of a batch's targets, in {@link Metrics}. */
        ARGMAX_TARGETS,
        /** A c-ordered copy of a strided x that a loop kernel ({@link LoopArrays}) reads. */
        LOOP_INPUT,
        /** A c-ordered copy of a strided incoming gradient dy that a loop kernel reads. */
        LOOP_GRADIENT,
        /** A c-ordered copy of a strided parameter (PReLU's α) that a loop kernel reads. */
        LOOP_PARAMETER,
        /** Where a loop kernel writes an output (y, dx) that is a strided view, before copying it there. */
        LOOP_OUTPUT,
        /** Where a loop kernel writes a parameter gradient (dα) that is a strided view, before copying it there. */
        LOOP_PARAMETER_GRADIENT,
        /** A dense layer's W [in, out] written as Wᵀ [out, in] for the forward product ({@link TransposedWeights}). */
        TRANSPOSED_WEIGHTS
    }

    private static final ThreadLocal<Map<DataType, Map<Slot, Entry>>> BUFFERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(DataType.class));

    /**
     * A slot's buffer and the last few views of it handed out, returned again for the same shape:
     * reshaping anew would allocate a native shape buffer on every call. Several, because layers of
     * different sizes take turns with a slot within one training step.
     */
    private static final class Entry {
        static final int VIEWS = 8;
        final INDArray buffer;
        final INDArray[] views = new INDArray[VIEWS];
        int next;

        Entry(INDArray buffer) {
            this.buffer = buffer;
        }

        INDArray view(long length, long[] shape) {
            for (INDArray view : views) {
                if (view != null && hasShape(view, shape)) {
                    return view;
                }
            }
            INDArray flat = buffer.length() == length ? buffer : buffer.get(NDArrayIndex.interval(0, length));
            INDArray view = flat.reshape('c', shape);
            views[next] = view;
            next = (next + 1) % VIEWS;
            return view;
        }
    }

    private Scratch() {
    }

    /** A c-ordered array with the shape and data type of {@code template}; contents are undefined. */
    static INDArray like(INDArray template, Slot slot) {
        return of(template.dataType(), slot, template.shape());
    }

    /** A c-ordered array of the given type and shape; contents are undefined. */
    static INDArray of(DataType type, Slot slot, long... shape) {
        long length = 1;
        for (long size : shape) {
            length *= size;
        }
        Map<Slot, Entry> slots = BUFFERS.get().computeIfAbsent(type, t -> new EnumMap<>(Slot.class));
        Entry entry = slots.get(slot);
        if (entry == null || entry.buffer.length() < length) {
            // Allocate outside any workspace the caller has open: the buffer outlives that scope.
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                entry = new Entry(Nd4j.createUninitialized(type, Math.max(length, 1)));
            }
            slots.put(slot, entry);
        }
        return entry.view(length, shape);
    }

    /** Compares sizes one by one: {@code shape()} would copy the shape array on every call of a hot kernel. */
    private static boolean hasShape(INDArray view, long[] shape) {
        if (view.rank() != shape.length) {
            return false;
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (view.size(axis) != shape[axis]) {
                return false;
            }
        }
        return true;
    }
}
