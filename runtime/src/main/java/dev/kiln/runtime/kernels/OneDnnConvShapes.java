package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;

/**
 * A one-group convolution's shapes, layout and geometry as oneDNN describes them, and the key under
 * which {@link OneDnnThread} keeps the primitives made for it ({@link OneDnnConvolutionForward},
 * {@link OneDnnWeightGradient}). Shapes are in NCHW order whatever the layout; the weights are
 * Kiln's [outC, inC, kH, kW].
 */
record OneDnnConvShapes(FeatureLayout layout, long n, long c, long h, long w, long outC, long hOut, long wOut,
                        Conv2dGeometry g) {

    static OneDnnConvShapes of(FeatureLayout layout, INDArray x, INDArray y, Conv2dGeometry g) {
        return new OneDnnConvShapes(layout, x.size(0), layout.channels(x), layout.height(x), layout.width(x),
                layout.channels(y), layout.height(y), layout.width(y), g);
    }

    memory.desc src() {
        return new memory.desc(new long[]{n, c, h, w}, memory.data_type.f32, activations());
    }

    memory.desc dst() {
        return new memory.desc(new long[]{n, outC, hOut, wOut}, memory.data_type.f32, activations());
    }

    memory.desc bias() {
        return new memory.desc(new long[]{outC}, memory.data_type.f32, memory.format_tag.x);
    }

    /**
     * The weights in a layout of oneDNN's choosing: its fast kernels want a blocked one, and forcing
     * Kiln's [outC, inC, kH, kW] on a primitive selects the reference implementation (85 ms against
     * 0.4 ms for FashionCnn's first weight gradient).
     */
    memory.desc anyWeights() {
        return new memory.desc(weightDims(), memory.data_type.f32, memory.format_tag.any);
    }

    /** The weights as Kiln stores them. */
    memory.desc kilnWeights() {
        return new memory.desc(weightDims(), memory.data_type.f32, memory.format_tag.oihw);
    }

    /**
     * A reorder of Kiln's weights (its one argument) into {@code blocked}, which is in
     * {@code blockedLayout}, the layout a primitive chose, and which the reorder keeps alive.
     */
    OneDnnPrimitive weightsInto(memory blocked, memory.desc blockedLayout, engine engine) {
        return new OneDnnPrimitive(new reorder(new reorder.primitive_desc(engine, kilnWeights(), engine, blockedLayout)), engine,
                new int[]{DNNL_ARG_FROM}, new memory.desc[]{kilnWeights()}).own(DNNL_ARG_TO, blocked);
    }

    /** The forward primitive's descriptor, with a bias argument or without. */
    convolution_forward.primitive_desc forward(int propKind, boolean withBias, engine engine) {
        convolution_forward.desc desc = withBias
                ? new convolution_forward.desc(propKind, dnnl_convolution_direct, src(), anyWeights(), bias(), dst(),
                        strides(), dilates(), padding(), padding())
                : new convolution_forward.desc(propKind, dnnl_convolution_direct, src(), anyWeights(), dst(),
                        strides(), dilates(), padding(), padding());
        return new convolution_forward.primitive_desc(desc, engine);
    }

    long[] strides() {
        return new long[]{g.strideH(), g.strideW()};
    }

    /** oneDNN counts dilation from 0 (0 = dense, 1 = one gap); Kiln from 1. */
    long[] dilates() {
        return new long[]{g.dilationH() - 1L, g.dilationW() - 1L};
    }

    long[] padding() {
        return new long[]{g.padH(), g.padW()};
    }

    private long[] weightDims() {
        return new long[]{outC, c, g.kH(), g.kW()};
    }

    private memory.format_tag activations() {
        return layout == FeatureLayout.NHWC ? memory.format_tag.nhwc : memory.format_tag.nchw;
    }
}
