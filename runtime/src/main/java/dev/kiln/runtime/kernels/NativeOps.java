package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erfc;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element-wise libnd4j ops that write into a caller-given output array, so kernels read as formulas
 * and allocate nothing. Every method is safe with {@code out} equal to one of its inputs: the native
 * loops read an element before writing the same position.
 *
 * <p>None of them creates an array per call: ND4J's scalar ops (ScalarMin, Step, ReplaceNans and
 * the like) wrap their number in a new scalar array each time and its custom ops built per call
 * take a new native context, so numbers go through {@link ScalarRegister} into prepared ops, and
 * libnd4j's legacy transforms (exp, log, sign, ...), which need neither, are called directly.
 *
 * <p>Only ops whose float64 results were checked against java.lang.Math to about 1e-14 relative are
 * used; libnd4j's own softplus, GELU, log1p and ELU-derivative ops are not (they overflow,
 * approximate, lose the small-argument digits, or round their constant to float).
 */
final class NativeOps {
    private NativeOps() {
    }

    static void multiply(INDArray a, INDArray b, INDArray out) {
        binary(NativeCalls.MULTIPLY, a, b, out);
    }

    static void add(INDArray a, INDArray b, INDArray out) {
        binary(NativeCalls.ADD, a, b, out);
    }

    static void subtract(INDArray a, INDArray b, INDArray out) {
        binary(NativeCalls.SUBTRACT, a, b, out);
    }

    static void divide(INDArray a, INDArray b, INDArray out) {
        binary(NativeCalls.DIVIDE, a, b, out);
    }

    static void scale(INDArray x, double factor, INDArray out) {
        multiply(x, ScalarRegister.of(x.dataType(), factor), out);
    }

    static void addScalar(INDArray x, double value, INDArray out) {
        add(x, ScalarRegister.of(x.dataType(), value), out);
    }

    /** out = 1 / x. */
    static void reciprocal(INDArray x, INDArray out) {
        divide(ScalarRegister.of(x.dataType(), 1.0), x, out);
    }

    /** out = value - x. */
    static void subtractFromScalar(double value, INDArray x, INDArray out) {
        subtract(ScalarRegister.of(x.dataType(), value), x, out);
    }

    /**
     * out = a ∘ b with libnd4j's broadcasting (either operand may be a scalar or broadcast along
     * axes), as a prepared op: a new op per call would build a native context each time, and the
     * scalar ops ND4J offers wrap their number in a new array per call ({@link ScalarRegister}).
     */
    private static void binary(ThreadLocal<PreparedOp> op, INDArray a, INDArray b, INDArray out) {
        op.get().input(0, a).input(1, b).output(0, out).exec();
    }

    /** out = factor * x + shift, as two passes (libnd4j has no fused scalar affine op). */
    static void affine(INDArray x, double factor, double shift, INDArray out) {
        scale(x, factor, out);
        addScalar(out, shift, out);
    }

    static void minWithScalar(INDArray x, double value, INDArray out) {
        binary(NativeCalls.MINIMUM, x, ScalarRegister.of(x.dataType(), value), out);
    }

    /** out = max(x, 0). */
    static void relu(INDArray x, INDArray out) {
        NativeCalls.RELU.get().input(0, x).output(0, out).exec();
    }

    /**
     * out = 1 where x > 0, else 0 (so 0 at x = 0, the Kiln convention for ReLU-type kinks), as the
     * sign of max(x, 0): libnd4j's own step function is a scalar op.
     */
    static void positiveIndicator(INDArray x, INDArray out) {
        relu(x, out);
        sign(out, out);
    }

    /** out = −1, 0 or 1 by the sign of x. */
    static void sign(INDArray x, INDArray out) {
        Nd4j.exec(new Sign(x, out));
    }

    /**
     * out = x for x > 0, else slope·x, as max(x, slope·x) for slope ≤ 1 and min(x, slope·x) above;
     * out must not be x. libnd4j's lrelu op rounds the slope to float (at x = −1000 with slope 0.01 it
     * gave −9.99999978 in float64).
     */
    static void leakyRelu(INDArray x, double slope, INDArray out) {
        scale(x, slope, out);
        binary(slope <= 1 ? NativeCalls.MAXIMUM : NativeCalls.MINIMUM, x, out, out);
    }

    /** out = x for x > 0, else alpha·(e^x − 1). */
    static void elu(INDArray x, double alpha, INDArray out) {
        PreparedOps.withFloats("elu", 1, 1, alpha).input(0, x).output(0, out).exec();
    }

    static void abs(INDArray x, INDArray out) {
        Nd4j.exec(new Abs(x, out));
    }

    static void exp(INDArray x, INDArray out) {
        Nd4j.exec(new Exp(x, out));
    }

    /**
     * out = log(1 + t) to full relative precision for t > -1. libnd4j's log1p evaluates log(1 + t),
     * which returns 0 once t is below 1.1e-16 (and loses digits well before), so this uses
     * Goldberg's correction log(1 + t) = t · log(u) / (u - 1) with u = fl(1 + t): the rounding of u
     * cancels in the ratio. Where u rounds to 1 the ratio is 0/0, and log(1 + t) = t exactly. The
     * ratio is taken as 1 + (log(u) − d)/d with d = u − 1 and a division that gives 0 for d = 0 (where
     * log(u) is 0 too), which makes that case 1 without a NaN to replace; ND4J's NaN replacement is a
     * scalar op. Both forms are within a few ulps of log(1 + t).
     */
    static void log1p(INDArray t, INDArray out) {
        INDArray d = Scratch.like(t, Scratch.Slot.LOG1P_SUM);
        INDArray ratio = Scratch.like(t, Scratch.Slot.LOG1P_RATIO);
        addScalar(t, 1.0, d); // u
        Nd4j.exec(new Log(d, ratio));
        addScalar(d, -1.0, d); // d = u - 1, exact (Sterbenz) for u >= 0.5, i.e. every t >= -0.5
        subtract(ratio, d, ratio);
        binary(NativeCalls.DIVIDE_NO_NAN, ratio, d, ratio);
        addScalar(ratio, 1.0, ratio); // log(u) / d, or 1 where d = 0
        multiply(t, ratio, out);
    }

    static void erfc(INDArray x, INDArray out) {
        Nd4j.exec(new Erfc(x, out));
    }

    /** 1/(1+e^-x); libnd4j's form returns exact 0 and 1 at |x| = 1000, without NaN. */
    static void sigmoid(INDArray x, INDArray out) {
        Nd4j.exec(new Sigmoid(x, out));
    }

    static void tanh(INDArray x, INDArray out) {
        Nd4j.exec(new Tanh(x, out));
    }

    /** out = x (1 - x). */
    static void timesOneMinus(INDArray x, INDArray out) {
        Nd4j.exec(new TimesOneMinus(x, out));
    }

    /** out = scale * sigmoid(x) * (1 - sigmoid(x)), in one pass. */
    static void timesSigmoidDerivative(INDArray x, INDArray scale, INDArray out) {
        binary(NativeCalls.SIGMOID_BP, x, scale, out);
    }

    /** log(1 + e^{-|x|}), the bounded part of the stable softplus and of the logistic losses. */
    static void log1pExpNegAbs(INDArray x, INDArray out) {
        abs(x, out);
        scale(out, -1.0, out);
        exp(out, out);
        log1p(out, out);
    }
}
