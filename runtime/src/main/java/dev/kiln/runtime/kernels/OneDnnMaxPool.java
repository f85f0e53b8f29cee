package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_max;

/**
 * Float32 max pooling on oneDNN's primitives ({@link OneDnnLibrary}). libnd4j's {@code maxpool2d_bp}
 * finds each window's arg-max again and reorders around oneDNN's kernel; here the backward runs
 * oneDNN's training forward, which records the arg-max of every window in a workspace, and then the
 * backward that routes dy through it. Measured on 2 cores (float32, batch 128, NHWC, 2x2 windows of
 * stride 2, ms per call, libnd4j against these): 28x28x32 backward 1.4-1.7 against 0.53 (forward and
 * backward), forward 0.30-0.45 against 0.20-0.23; 14x14x64 backward 0.84-0.99 against 0.22-0.29.
 * Outputs and gradients were bitwise the same.
 *
 * <p>The semantics are {@link MaxPool2dKernel}'s: padding never wins, and at a tie the gradient goes
 * to the first maximum in row-major window order ({@code OneDnnMaxPoolTest} checks both).
 */
final class OneDnnMaxPool {
    private OneDnnMaxPool() {
    }

    /** True when the library is loaded and every array is dense float32. */
    static boolean runs(INDArray... arrays) {
        return OneDnnLibrary.takes(arrays);
    }

    /** y = window maxima of x, both in {@code layout}, overwritten. */
    static void forward(FeatureLayout layout, INDArray x, Pool2dGeometry g, INDArray y) {
        OneDnnThread thread = OneDnnThread.current();
        thread.get(Key.of(Pass.INFERENCE, layout, x, y, g), Key::inference).run(thread.stream, x, y);
    }

    /** dx = dy routed to each window's arg-max, all in {@code layout}, overwritten. */
    static void backward(FeatureLayout layout, INDArray x, INDArray dy, Pool2dGeometry g, INDArray dx) {
        OneDnnThread thread = OneDnnThread.current();
        Training primitives = thread.get(Key.of(Pass.TRAINING, layout, x, dy, g), Key::training);
        primitives.recompute.run(thread.stream, x);
        primitives.route.run(thread.stream, dy, dx);
    }

    private enum Pass {
        /** Forward only, to the caller's y. */
        INFERENCE,
        /** Forward into a kept output and workspace, then the backward reading the workspace. */
        TRAINING
    }

    /** The backward's two primitives: the forward that fills the workspace, and the routing through it. */
    private record Training(OneDnnPrimitive recompute, OneDnnPrimitive route) {
    }

    /** Shapes (NCHW order), layout and window: the key of {@link OneDnnThread}'s cache. */
    private record Key(Pass pass, FeatureLayout layout, long n, long c, long h, long w, long hOut, long wOut,
                       Pool2dGeometry g) {
        static Key of(Pass pass, FeatureLayout layout, INDArray x, INDArray y, Pool2dGeometry g) {
            return new Key(pass, layout, x.size(0), layout.channels(x), layout.height(x), layout.width(x),
                    layout.height(y), layout.width(y), g);
        }

        static OneDnnPrimitive inference(Key key) {
            engine engine = OneDnnThread.current().engine;
            return new OneDnnPrimitive(new pooling_forward(key.forward(engine, dnnl_forward_inference)), engine,
                    new int[]{DNNL_ARG_SRC, DNNL_ARG_DST}, new memory.desc[]{key.src(), key.dst()});
        }

        static Training training(Key key) {
            engine engine = OneDnnThread.current().engine;
            pooling_forward.primitive_desc forward = key.forward(engine, dnnl_forward_training);
            // The recomputed maxima are not wanted, only the workspace of their positions.
            memory workspace = new memory(forward.workspace_desc(), engine);
            OneDnnPrimitive recompute = new OneDnnPrimitive(new pooling_forward(forward), engine,
                    new int[]{DNNL_ARG_SRC}, new memory.desc[]{key.src()})
                    .own(DNNL_ARG_DST, new memory(key.dst(), engine))
                    .own(DNNL_ARG_WORKSPACE, workspace);
            pooling_backward.primitive_desc backward = new pooling_backward.primitive_desc(new pooling_backward.desc(
                    dnnl_pooling_max, key.src(), key.dst(), key.strides(), key.kernel(), key.padding(), key.padding()),
                    engine, forward);
            OneDnnPrimitive route = new OneDnnPrimitive(new pooling_backward(backward), engine,
                    new int[]{DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, new memory.desc[]{key.dst(), key.src()})
                    .own(DNNL_ARG_WORKSPACE, workspace);
            return new Training(recompute, route);
        }

        private pooling_forward.primitive_desc forward(engine engine, int propKind) {
            return new pooling_forward.primitive_desc(new pooling_forward.desc(propKind, dnnl_pooling_max, src(), dst(),
                    strides(), kernel(), padding(), padding()), engine);
        }

        private memory.desc src() {
            return new memory.desc(new long[]{n, c, h, w}, memory.data_type.f32, tag());
        }

        private memory.desc dst() {
            return new memory.desc(new long[]{n, c, hOut, wOut}, memory.data_type.f32, tag());
        }

        private memory.format_tag tag() {
            return layout == FeatureLayout.NHWC ? memory.format_tag.nhwc : memory.format_tag.nchw;
        }

        private long[] strides() {
            return new long[]{g.strideH(), g.strideW()};
        }

        private long[] kernel() {
            return new long[]{g.kH(), g.kW()};
        }

        private long[] padding() {
            return new long[]{g.padH(), g.padW()};
        }
    }
}
