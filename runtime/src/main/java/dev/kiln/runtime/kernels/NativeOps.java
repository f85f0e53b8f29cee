package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ReplaceNans;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
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
        Nd4j.exec(new ScalarMin(x, null, out, value));
    }

    /** out = max(x, 0). */
    static void relu(INDArray x, INDArray out) {
        Nd4j.exec(new RectifiedLinear(x, out, 0.0));
    }

    /** out = 1 where x > 0, else 0 (so 0 at x = 0, the Kiln convention for ReLU-type kinks). */
    static void positiveIndicator(INDArray x, INDArray out) {
        Nd4j.exec(new Step(x, out, 0.0));
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
     * cancels in the ratio. Where u rounds to 1 the ratio is 0/0, and log(1 + t) = t exactly.
     */
    static void log1p(INDArray t, INDArray out) {
        INDArray u = Scratch.like(t, Scratch.Slot.LOG1P_SUM);
        INDArray ratio = Scratch.like(t, Scratch.Slot.LOG1P_RATIO);
        addScalar(t, 1.0, u);
        Nd4j.exec(new Log(u, ratio));
        addScalar(u, -1.0, u); // exact (Sterbenz) for u >= 0.5, i.e. every t >= -0.5
        Nd4j.exec(new DivOp(ratio, u, ratio));
        Nd4j.exec(new ReplaceNans(ratio, 1.0));
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
        Nd4j.exec(new SigmoidDerivative(x, scale, out));
    }

    /** log(1 + e^{-|x|}), the bounded part of the stable softplus and of the logistic losses. */
    static void log1pExpNegAbs(INDArray x, INDArray out) {
        abs(x, out);
        scale(out, -1.0, out);
        exp(out, out);
        log1p(out, out);
    }
}
