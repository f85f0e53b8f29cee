package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory order of a convolution chain's 4-D activations and gradients: NCHW [N, C, H, W] or
 * channels-last NHWC [N, H, W, C]. Kiln's layers and comments speak NCHW; a generated model keeps the
 * arrays between consecutive convolution, pooling, batch norm and activation layers in the layout
 * {@link #forConvolutions} picks, and converts once where a chain starts and ends.
 *
 * <p>Why: with a oneDNN binary libnd4j hands {@code conv2d} to oneDNN, whose forward kernels for
 * float32 work on NHWC. Given NCHW, libnd4j reorders the input, the output buffer's old contents
 * and the result on every call: for the bench CNN's 32 -> 64 convolution (batch 128) 6.1-6.3 ms
 * against 4.3-4.4 ms in NHWC (4 reorders per call against 1, of the 3x3 weights), and 2.8-2.9
 * against 0.6-0.7 ms for its 1 -> 32 convolution; oneDNN's NHWC max pooling and its backward were
 * 1.5-4x faster too. Its convolution backward reorders into blocked layouts either way (measured
 * with {@code dev.kiln.bench.LayoutProbe}, see docs/performance.md).
 *
 * <p>A kernel told NHWC reads and writes [N, H, W, C] arrays; weights keep their [outC, inC, kH, kW]
 * shape in both layouts.
 */
public enum FeatureLayout {
    NCHW(1, 0),
    NHWC(3, 1);

    /** {@code nchw} or {@code nhwc} forces a layout; unset or {@code auto} lets {@link #forConvolutions} choose. */
    public static final String PROPERTY = "kiln.conv.layout";

    /** NHWC [N, H, W, C] seen as NCHW [N, C, H, W]. */
    private static final long[] NHWC_AS_NCHW = {0, 3, 1, 2};

    private final int channelAxis;
    private final int libnd4jFormat;

    FeatureLayout(int channelAxis, int libnd4jFormat) {
        this.channelAxis = channelAxis;
        this.libnd4jFormat = libnd4jFormat;
    }

    /**
     * NHWC where oneDNN runs the convolutions (float32 with a oneDNN binary), NCHW otherwise: other
     * binaries and float64 take libnd4j's own code and Kiln's im2col backward, which are NCHW. Read
     * when a model is built, so a test can set {@link #PROPERTY} around a constructor.
     */
    public static FeatureLayout forConvolutions(DataType dataType) {
        String chosen = System.getProperty(PROPERTY, "auto");
        return switch (chosen) {
            case "nchw" -> NCHW;
            case "nhwc" -> NHWC;
            case "auto" -> OneDnn.available() && dataType == DataType.FLOAT ? NHWC : NCHW;
            default -> throw new IllegalArgumentException(PROPERTY + " must be nchw, nhwc or auto, got " + chosen);
        };
    }

    /** A new array holding NCHW dimensions [n, c, h, w] in this layout (contents undefined). */
    public INDArray create(DataType dataType, long n, long c, long h, long w) {
        return Nd4j.create(dataType, shape(n, c, h, w));
    }

    /**
     * Where a chain reads the NCHW array {@code nchw} from: {@code nchw} itself in NCHW, or with one
     * channel, whose NHWC order is the same memory (returned as a view of it); otherwise a new array
     * in this layout, filled by {@link #fromNchw}.
     */
    public INDArray entryBuffer(INDArray nchw) {
        if (this == NCHW) {
            return nchw;
        }
        long[] shape = shape(nchw.size(0), nchw.size(1), nchw.size(2), nchw.size(3));
        return nchw.size(1) == 1 ? ViewCache.reshaped(nchw, shape) : Nd4j.create(nchw.dataType(), shape);
    }

    /**
     * Where an array {@code x} in this layout is copied for a reader that takes NCHW: {@code x} itself
     * in NCHW, else a new NCHW array filled by {@link #toNchw} (a view with one channel, as above).
     */
    public INDArray exitBuffer(INDArray x) {
        if (this == NCHW) {
            return x;
        }
        long[] shape = {x.size(0), x.size(3), x.size(1), x.size(2)};
        return x.size(3) == 1 ? ViewCache.reshaped(x, shape) : Nd4j.create(x.dataType(), shape);
    }

    /** to = the NCHW array {@code nchw} in this layout; nothing to do when {@code to} is its memory. */
    public void fromNchw(INDArray nchw, INDArray to) {
        if (!sharesBuffer(nchw, to)) {
            nchw(to).assign(nchw);
        }
    }

    /** to (NCHW) = the array {@code x} in this layout; nothing to do when {@code to} is its memory. */
    public void toNchw(INDArray x, INDArray to) {
        if (!sharesBuffer(x, to)) {
            to.assign(nchw(x));
        }
    }

    /**
     * {@code x} (in this layout) as an NCHW-shaped array: {@code x} in NCHW, a permuted view of it in
     * NHWC. For readers that copy anyway (flatten, reshape); element-wise libnd4j ops on the strided
     * view are slow (29 ms for a ReLU of [128, 32, 28, 28], against 0.6 ms contiguous).
     */
    public INDArray nchw(INDArray x) {
        return this == NCHW ? x : ViewCache.permuted(x, NHWC_AS_NCHW);
    }

    /** The axis of the channels in a 4-D array of this layout: 1 or 3. */
    public int channelAxis() {
        return channelAxis;
    }

    /** libnd4j's data format argument of its convolution and pooling ops: 0 = NCHW, 1 = NHWC. */
    int libnd4jFormat() {
        return libnd4jFormat;
    }

    /** The shape of NCHW dimensions [n, c, h, w] in this layout. */
    long[] shape(long n, long c, long h, long w) {
        return this == NCHW ? new long[]{n, c, h, w} : new long[]{n, h, w, c};
    }

    long channels(INDArray x) {
        return x.size(channelAxis);
    }

    long height(INDArray x) {
        return x.size(this == NCHW ? 2 : 1);
    }

    long width(INDArray x) {
        return x.size(this == NCHW ? 3 : 2);
    }

    /** Same data buffer at the same offset: a view of the one-channel case, or the array itself. */
    private static boolean sharesBuffer(INDArray a, INDArray b) {
        return a == b || (a.data().address() == b.data().address() && a.offset() == b.offset());
    }
}
