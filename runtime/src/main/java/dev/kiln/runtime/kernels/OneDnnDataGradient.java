package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;

/**
 * dx of a float32 convolution with one group on oneDNN's backward-data primitive, called directly
 * ({@link OneDnnLibrary}); with {@link OneDnnWeightGradient} it is the whole backward of a
 * channels-last convolution. libnd4j's {@code conv2d_bp} builds the primitives' descriptors anew on
 * every call. Alternated with it in one process (NHWC, medians of 30 calls, ms, conv2d_bp against
 * direct), dx and dW together: the bench CNN's 3x3 convolutions at batch 128, bit for bit the same:
 * 14.4-15.3 against 13.9-14.6 (14x14, 32 -> 64), 13.3-14.0 against 12.3-13.4 (7x7, 64 -> 128),
 * 26.7-27.7 against 25.5-26.8 (7x7, 128 -> 128); 1x1 convolutions at batch 32, 28x28, where
 * conv2d_bp takes another kernel and the last bits differ (dW by up to 8e-5 of values near 10):
 * 16.9 against 12.8 (64 -> 256), 4.2 against 2.2 (64 -> 128, stride 2).
 *
 * <p>oneDNN's fast kernels want the weights in a blocked layout of their choosing, another one than
 * the forward's, so a reorder writes them into a buffer the primitive keeps (a pass over the
 * weights only: they change every step); dy and dx stay where they lie.
 */
final class OneDnnDataGradient {
    private OneDnnDataGradient() {
    }

    /** True when the library is loaded, the convolution has one group and w, dy and dx are dense float32. */
    static boolean runs(INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx) {
        return g.groups() == 1 && dx.rank() == 4 && OneDnnLibrary.takes(w, dy, dx);
    }

    /** dx of dy in {@code layout} through the weights w [outC, inC, kH, kW], overwritten. */
    static void compute(FeatureLayout layout, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx) {
        OneDnnThread thread = OneDnnThread.current();
        Primitives primitives = thread.get(new Key(OneDnnConvShapes.of(layout, dx, dy, g)), Key::make);
        primitives.weights.run(thread.stream, w);
        primitives.gradient.run(thread.stream, dy, dx);
    }

    /** The reorder of Kiln's weights into the blocked buffer, and the gradient reading it. */
    private record Primitives(OneDnnPrimitive weights, OneDnnPrimitive gradient) {
    }

    /** A convolution's shapes and geometry: the key of {@link OneDnnThread}'s cache. */
    private record Key(OneDnnConvShapes shapes) {
        static Primitives make(Key key) {
            return key.make(OneDnnThread.current().engine);
        }

        private Primitives make(engine engine) {
            // oneDNN wants the forward it differentiates as a hint, with the same descriptors.
            convolution_forward.primitive_desc hint = shapes.forward(dnnl_forward_training, false, engine);
            convolution_backward_data.primitive_desc descriptor = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(dnnl_convolution_direct, shapes.src(), shapes.anyWeights(),
                            shapes.dst(), shapes.strides(), shapes.dilates(), shapes.padding(), shapes.padding()),
                    engine, hint);
            memory blocked = new memory(descriptor.weights_desc(), engine);
            OneDnnPrimitive weights = shapes.weightsInto(blocked, descriptor.weights_desc(), engine);
            OneDnnPrimitive gradient = new OneDnnPrimitive(new convolution_backward_data(descriptor), engine,
                    new int[]{DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, new memory.desc[]{shapes.dst(), shapes.src()})
                    .own(DNNL_ARG_WEIGHTS, blocked);
            return new Primitives(weights, gradient);
        }
    }
}
