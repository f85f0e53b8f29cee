package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;

/**
 * dW of a float32 convolution with one group, without dx, on oneDNN's backward-weights primitive
 * ({@link OneDnnLibrary}): what a network's first convolution needs, whose input takes no gradient.
 * libnd4j's {@code conv2d_bp} always computes dx as well, and Kiln's im2col path makes one product
 * per example; for FashionCnn's first layer (batch 128, 28x28, 1 -> 32 filters 3x3, NHWC) the
 * im2col path took 5.4-6.2 ms a call, this one 0.37-0.41 ms in the same process.
 *
 * <p>oneDNN's fast kernels want the weights in a blocked layout of their choosing
 * ({@link OneDnnConvShapes#anyWeights}), so the gradient goes to a blocked buffer the primitive
 * keeps, and a reorder writes it into dW, a pass over the weights only.
 */
final class OneDnnWeightGradient {
    private OneDnnWeightGradient() {
    }

    /** True when the library is loaded, the convolution has one group, and x, dy and dW are dense float32. */
    static boolean runs(INDArray x, INDArray dy, Conv2dGeometry g, INDArray dW) {
        return g.groups() == 1 && x.rank() == 4 && OneDnnLibrary.takes(x, dy, dW);
    }

    /** dW [outC, inC, kH, kW] of x and dy in {@code layout}, overwritten. */
    static void compute(FeatureLayout layout, INDArray x, INDArray dy, Conv2dGeometry g, INDArray dW) {
        OneDnnThread thread = OneDnnThread.current();
        Primitives primitives = thread.get(new Key(OneDnnConvShapes.of(layout, x, dy, g)), Key::make);
        primitives.gradient.run(thread.stream, x, dy);
        primitives.reorder.run(thread.stream, dW);
    }

    /** The gradient into the blocked buffer, and the reorder from it into Kiln's layout. */
    private record Primitives(OneDnnPrimitive gradient, OneDnnPrimitive reorder) {
    }

    /** A convolution's shapes and geometry: the key of {@link OneDnnThread}'s cache. */
    private record Key(OneDnnConvShapes shapes) {
        static Primitives make(Key key) {
            return key.make(OneDnnThread.current().engine);
        }

        private Primitives make(engine engine) {
            // oneDNN wants the forward it differentiates as a hint, with the same descriptors.
            convolution_forward.primitive_desc hint = shapes.forward(dnnl_forward_training, false, engine);
            convolution_backward_weights.primitive_desc descriptor = new convolution_backward_weights.primitive_desc(
                    new convolution_backward_weights.desc(dnnl_convolution_direct, shapes.src(), shapes.anyWeights(),
                            shapes.dst(), shapes.strides(), shapes.dilates(), shapes.padding(), shapes.padding()),
                    engine, hint);
            memory blocked = new memory(descriptor.diff_weights_desc(), engine);
            OneDnnPrimitive gradient = new OneDnnPrimitive(new convolution_backward_weights(descriptor), engine,
                    new int[]{DNNL_ARG_SRC, DNNL_ARG_DIFF_DST}, new memory.desc[]{shapes.src(), shapes.dst()})
                    .own(DNNL_ARG_DIFF_WEIGHTS, blocked);
            OneDnnPrimitive toKiln = new OneDnnPrimitive(new reorder(new reorder.primitive_desc(engine,
                    descriptor.diff_weights_desc(), engine, shapes.kilnWeights())), engine, new int[]{DNNL_ARG_TO},
                    new memory.desc[]{shapes.kilnWeights()}).own(DNNL_ARG_FROM, blocked);
            return new Primitives(gradient, toKiln);
        }
    }
}
