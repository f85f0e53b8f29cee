package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Views the kernels need (a weight matrix transposed, a [1, n] row as a vector [n] and back, an
 * [N, C, H, W] buffer as [N, C, H·W] or as a matrix, a range of channels, an NHWC buffer seen as NCHW), remembered per thread by the identity of the
 * array they view. ND4J allocates a small native shape buffer for every new view, so building them
 * on each call would allocate on every step; generated models pass the same weight and buffer arrays
 * every time, so these lookups hit. The most recent entries are kept, replaced round-robin; an entry
 * keeps its base array reachable until it is replaced.
 */
final class ViewCache {
    private static final int ENTRIES = 128;
    private static final ThreadLocal<ViewCache> CACHE = ThreadLocal.withInitial(ViewCache::new);

    private final INDArray[] bases = new INDArray[ENTRIES];
    private final Kind[] kinds = new Kind[ENTRIES];
    private final INDArray[] views = new INDArray[ENTRIES];
    private final long[][] shapes = new long[ENTRIES][];
    private int next;

    private ViewCache() {
    }

    private enum Kind {
        TRANSPOSED,
        VECTOR,
        ROW,
        RESHAPED,
        CHANNELS,
        PERMUTED
    }

    /** {@code matrix.transpose()}, a view. */
    static INDArray transposed(INDArray matrix) {
        return CACHE.get().view(matrix, Kind.TRANSPOSED);
    }

    /** A [1, n] row as the vector [n], a view. */
    static INDArray asVector(INDArray row) {
        return CACHE.get().view(row, Kind.VECTOR);
    }

    /** A vector [n] as the row [1, n], a view. */
    static INDArray asRow(INDArray vector) {
        return CACHE.get().view(vector, Kind.ROW);
    }

    /**
     * A c-ordered, contiguous array seen with another shape of the same length, a view. The caller
     * guarantees that {@code base} can be reshaped without a copy.
     */
    static INDArray reshaped(INDArray base, long... shape) {
        return CACHE.get().view(base, Kind.RESHAPED, shape);
    }

    /** Channels [from, to) of an array with channels on axis 1, a view. */
    static INDArray channels(INDArray base, long from, long to) {
        return CACHE.get().view(base, Kind.CHANNELS, new long[] {from, to});
    }

    /** {@code base.permute(axes)}, a view (a channels-last array seen as NCHW, for one). */
    static INDArray permuted(INDArray base, long... axes) {
        return CACHE.get().view(base, Kind.PERMUTED, axes);
    }

    private INDArray view(INDArray base, Kind kind) {
        return view(base, kind, null);
    }

    /** {@code shape} is the view's shape for RESHAPED and the channel range {from, to} for CHANNELS. */
    @SuppressWarnings("NullAway") // the kinds that read shape (RESHAPED, CHANNELS, PERMUTED) are always asked with one
    private INDArray view(INDArray base, Kind kind, long @Nullable [] shape) {
        for (int i = 0; i < ENTRIES; i++) {
            if (bases[i] == base && kinds[i] == kind && (shape == null || Arrays.equals(shapes[i], shape))) {
                return views[i];
            }
        }
        INDArray view = switch (kind) {
            case TRANSPOSED -> base.transpose();
            case VECTOR -> base.reshape(base.size(1));
            case ROW -> base.reshape(1, base.length());
            case RESHAPED -> base.reshape('c', shape);
            case CHANNELS -> range(base, 1, shape[0], shape[1]);
            case PERMUTED -> base.permute(Arrays.stream(shape).mapToInt(Math::toIntExact).toArray());
        };
        bases[next] = base;
        kinds[next] = kind;
        views[next] = view;
        shapes[next] = shape == null ? null : shape.clone();
        next = (next + 1) % ENTRIES;
        return view;
    }

    /** Indices [from, to) of {@code base} along {@code axis}, a new view (not cached). */
    static INDArray range(INDArray base, int axis, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[base.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(from, to);
        return base.get(index);
    }
}
