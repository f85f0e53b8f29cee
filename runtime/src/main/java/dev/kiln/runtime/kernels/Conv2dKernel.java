package dev.kiln.runtime.kernels;

import dev.kiln.ir.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 2-D convolution (reference §1.1, §12) on libnd4j's {@code conv2d} / {@code conv2d_bp}: activations
 * NCHW [N, C, H, W], weights [outC, inC/groups, kH, kW], bias [outC], output [N, outC, Hout, Wout]
 * with y[n,o] = b[o] + Σ_{c in o's group} Σ_{i,j} w[o,c,i,j] · x[n, c, sH·h − pH + dH·i, sW·w − pW + dW·j]
 * (zero outside the input). Outputs are written into caller-owned buffers and overwritten, never
 * accumulated.
 *
 * <p>libnd4j integer arguments, in order: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode (0: the explicit
 * padding is used), dataFormat (0 = NCHW, 1 = NHWC) and weightsFormat (0 = [kH, kW, inC, outC],
 * 1 = [outC, inC, kH, kW], 2 = [outC, kH, kW, inC]). Kiln passes isSameMode 0 (padding comes from
 * {@link Conv2dGeometry}), NCHW and weightsFormat 1, so its weights go in as they are stored, with no
 * permuted copy on the Java side. Each of these was checked against a loop implementation.
 *
 * <p>Groups: libnd4j's conv2d has no groups argument. For groups = 1 the op runs once. A depthwise
 * conv (groups = inC = outC) runs once as {@code depthwise_conv2d}, whose [multiplier, inC, kH, kW]
 * weights (format 1) are our [C, 1, kH, kW] weights reshaped without a copy. Any other grouping runs
 * conv2d once per group on channel views of x, w, b and y (the ops read and write strided views in
 * place), so nothing is copied or allocated beyond the view headers.
 *
 * <p>The bias gradient is one sum of dy over N, H and W; the input gradient, when the caller does not
 * want it (a first layer), goes to a per-thread scratch buffer, because conv2d_bp always computes it.
 */
public final class Conv2dKernel {
    /** isSameMode: 0 = use the given padding. */
    private static final int EXPLICIT_PADDING = 0;
    /** dataFormat: 0 = NCHW. */
    private static final int NCHW = 0;
    /** weightsFormat: 1 = [outC, inC, kH, kW] (OIYX). */
    private static final int OIYX = 1;

    private Conv2dKernel() {
    }

    /** y = conv(x, w) + b into the preallocated y [N, outC, Hout, Wout]; {@code b} is null for no bias. */
    public static void forward(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        checkForward(x, w, b, g, y);
        int groups = g.groups();
        if (groups == 1) {
            conv2d(x, w, b, g, y);
        } else {
            INDArray wDepthwise = isDepthwise(x, w, groups) ? depthwiseView(w) : null;
            if (wDepthwise != null) {
                depthwise(x, wDepthwise, b, g, y);
            } else {
                perGroupForward(x, w, b, g, y);
            }
        }
    }

    /**
     * Convolution followed by an activation: z = conv(x, w) + b is kept for the backward pass and
     * a = f(z). For the identity, {@code a} may be {@code z} itself, and then nothing is copied.
     */
    public static void forward(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, ActivationFunction f,
                               INDArray z, INDArray a) {
        forward(x, w, b, g, z);
        if (f.isIdentity()) {
            if (a != z) {
                a.assign(z);
            }
        } else {
            Activations.forward(f, z, a);
        }
    }

    /**
     * Gradients given dy = dL/dy [N, outC, Hout, Wout]: dW [outC, inC/groups, kH, kW], db = Σ_{n,h,w} dy
     * [outC] (null for a conv without bias) and dx [N, C, H, W] (null when the input needs no
     * gradient). All are overwritten.
     */
    public static void backward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx, INDArray dW,
                                INDArray db) {
        checkBackward(x, w, dy, g, dx, dW, db);
        INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
        int groups = g.groups();
        if (groups == 1) {
            conv2dBackward(x, w, dy, g, inputGradient, dW);
        } else {
            INDArray wDepthwise = isDepthwise(x, w, groups) ? depthwiseView(w) : null;
            INDArray dWDepthwise = wDepthwise != null ? depthwiseView(dW) : null;
            if (dWDepthwise != null) {
                depthwiseBackward(x, wDepthwise, dy, g, inputGradient, dWDepthwise);
            } else {
                perGroupBackward(x, w, dy, g, inputGradient, dW);
            }
        }
        if (db != null) {
            Nd4j.exec(new Sum(dy, db, 0, 2, 3));
        }
    }

    private static boolean isDepthwise(INDArray x, INDArray w, int groups) {
        return groups == x.size(1) && groups == w.size(0);
    }

    /** [C, 1, kH, kW] seen as depthwise_conv2d's [1, C, kH, kW] (format 1), or null if that needs a copy. */
    private static INDArray depthwiseView(INDArray w) {
        return Shape.newShapeNoCopy(w, new long[]{1, w.size(0), w.size(2), w.size(3)}, false);
    }

    private static void conv2d(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (b == null) {
            op.addInputs(x, w);
        } else {
            op.addInputs(x, w, b);
        }
        Nd4j.exec(op.addOutputs(y).addIntegerArguments(intArgs(g)).build());
    }

    private static void conv2dBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                                       INDArray dW) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, dy).addOutputs(dx, dW)
                .addIntegerArguments(intArgs(g)).build());
    }

    private static void depthwise(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("depthwise_conv2d");
        if (b == null) {
            op.addInputs(x, w);
        } else {
            op.addInputs(x, w, b);
        }
        Nd4j.exec(op.addOutputs(y).addIntegerArguments(intArgs(g)).build());
    }

    private static void depthwiseBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                                          INDArray dW) {
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d_bp").addInputs(x, w, dy).addOutputs(dx, dW)
                .addIntegerArguments(intArgs(g)).build());
    }

    private static void perGroupForward(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        int groups = g.groups();
        long inPerGroup = x.size(1) / groups;
        long outPerGroup = w.size(0) / groups;
        for (int group = 0; group < groups; group++) {
            conv2d(channels(x, group, inPerGroup), rows(w, group, outPerGroup),
                    b == null ? null : b.get(NDArrayIndex.interval(group * outPerGroup, (group + 1) * outPerGroup)),
                    g, channels(y, group, outPerGroup));
        }
    }

    private static void perGroupBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                                         INDArray dW) {
        int groups = g.groups();
        long inPerGroup = x.size(1) / groups;
        long outPerGroup = w.size(0) / groups;
        for (int group = 0; group < groups; group++) {
            conv2dBackward(channels(x, group, inPerGroup), rows(w, group, outPerGroup),
                    channels(dy, group, outPerGroup), g, channels(dx, group, inPerGroup), rows(dW, group, outPerGroup));
        }
    }

    /** Channels [group·size, (group+1)·size) of an NCHW array, as a view. */
    private static INDArray channels(INDArray a, int group, long size) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(group * size, (group + 1) * size),
                NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Output-channel rows [group·size, (group+1)·size) of a weight array, as a view. */
    private static INDArray rows(INDArray w, int group, long size) {
        return w.get(NDArrayIndex.interval(group * size, (group + 1) * size), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static int[] intArgs(Conv2dGeometry g) {
        return new int[]{g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                g.dilationW(), EXPLICIT_PADDING, NCHW, OIYX};
    }

    private static void checkForward(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        long[] out = checkCommon(x, w, g);
        ArrayChecks.requireShape("y", y, out);
        if (b != null) {
            ArrayChecks.requireShape("b", b, w.size(0));
        }
    }

    private static void checkBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                                      INDArray dW, INDArray db) {
        long[] out = checkCommon(x, w, g);
        ArrayChecks.requireShape("dy", dy, out);
        ArrayChecks.requireShape("dW", dW, w.shape());
        if (db != null) {
            ArrayChecks.requireShape("db", db, w.size(0));
        }
        if (dx != null) {
            ArrayChecks.requireShape("dx", dx, x.shape());
        }
    }

    /** Checks x and W against each other and the geometry; returns the output shape. */
    private static long[] checkCommon(INDArray x, INDArray w, Conv2dGeometry g) {
        ArrayChecks.requireRank("x", x, 4);
        ArrayChecks.requireRank("W", w, 4);
        long inC = x.size(1);
        long outC = w.size(0);
        int groups = g.groups();
        if (inC % groups != 0 || outC % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide the input channels " + inC
                    + " and the output channels " + outC);
        }
        ArrayChecks.requireShape("W", w, outC, inC / groups, g.kH(), g.kW());
        int[] size = g.outputSize(Math.toIntExact(x.size(2)), Math.toIntExact(x.size(3)));
        return new long[]{x.size(0), outC, size[0], size[1]};
    }
}
