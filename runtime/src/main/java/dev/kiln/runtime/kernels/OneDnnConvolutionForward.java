package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;

/**
 * A float32 convolution's forward with one group on oneDNN's forward primitive, called directly
 * ({@link OneDnnLibrary}); {@link Conv2dKernel} calls it for channels-last chains: a reorder writes the weights into the blocked layout
 * the primitive chose (a pass over the weights only: they change every step), then the primitive
 * reads x and writes y where they lie. libnd4j's {@code conv2d} runs the same kernels on a oneDNN
 * binary, with the same results bit for bit in the channels-last shapes probed, but around them it
 * builds its oneDNN descriptors anew on every call: FashionCnn's first convolution (batch
 * 128, 28x28, 1 -> 32 filters 3x3, NHWC) took 2.2-2.8 ms a call there and 0.55-0.77 ms here, in the
 * same process; the wider ones took 5-10 % less, 1x1 convolutions 35-50 % less. Channels-last
 * chains hold no dilated convolution, but the shapes record hands dilation over as oneDNN counts it
 * (from 0), so the primitive would compute the right one.
 */
final class OneDnnConvolutionForward {
    private OneDnnConvolutionForward() {
    }

    /** True when the library is loaded, the convolution has one group and every array is dense float32. */
    static boolean runs(INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        return g.groups() == 1 && x.rank() == 4 && OneDnnLibrary.takes(x, w, b, y);
    }

    /** y = conv(x, w) + b, x and y in {@code layout}, overwritten; {@code b} is null for no bias. */
    static void compute(FeatureLayout layout, INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g,
                        INDArray y) {
        OneDnnThread thread = OneDnnThread.current();
        Primitives primitives = thread.get(new Key(OneDnnConvShapes.of(layout, x, y, g), b != null), Key::make);
        primitives.weights.run(thread.stream, w);
        if (b == null) {
            primitives.convolution.run(thread.stream, x, y);
        } else {
            primitives.convolution.run(thread.stream, x, b, y);
        }
    }

    /** The reorder of Kiln's weights into the blocked buffer, and the convolution reading it. */
    private record Primitives(OneDnnPrimitive weights, OneDnnPrimitive convolution) {
    }

    /** The shapes and whether there is a bias: the key of {@link OneDnnThread}'s cache. */
    private record Key(OneDnnConvShapes shapes, boolean withBias) {
        static Primitives make(Key key) {
            return key.make(OneDnnThread.current().engine);
        }

        private Primitives make(engine engine) {
            // Training and inference forwards are the same computation; training is what oneDNN's
            // backward primitives take as their hint, and the kernels chosen are the same.
            convolution_forward.primitive_desc descriptor = shapes.forward(dnnl_forward_training, withBias, engine);
            memory blocked = new memory(descriptor.weights_desc(), engine);
            OneDnnPrimitive weights = shapes.weightsInto(blocked, descriptor.weights_desc(), engine);
            int[] arguments = withBias ? new int[]{DNNL_ARG_SRC, DNNL_ARG_BIAS, DNNL_ARG_DST}
                    : new int[]{DNNL_ARG_SRC, DNNL_ARG_DST};
            memory.desc[] descriptors = withBias ? new memory.desc[]{shapes.src(), shapes.bias(), shapes.dst()}
                    : new memory.desc[]{shapes.src(), shapes.dst()};
            OneDnnPrimitive convolution = new OneDnnPrimitive(new convolution_forward(descriptor), engine, arguments,
                    descriptors).own(DNNL_ARG_WEIGHTS, blocked);
            return new Primitives(weights, convolution);
        }
    }
}
