package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element-wise arithmetic that writes into existing arrays and creates no INDArray, for the
 * optimizer's steady state.
 *
 * <p>ND4J's {@code x.addi(double)} and {@code x.muli(double)} wrap the number in a new scalar array
 * on every call, so operations with a scalar go through one preallocated scalar "register" of the
 * parameter's data type instead. {@code y + a x} and {@code a x} use BLAS axpy and scal when both
 * arrays are plain contiguous buffers of one layout (every array Kiln itself creates); other
 * layouts fall back to ND4J operations that allocate a temporary.
 *
 * <p>One instance per parameter: the register is shared state, so instances are not thread-safe.
 */
public final class InPlace {
    private final INDArray register;

    public InPlace(DataType type) {
        register = Nd4j.scalar(type, 0);
    }

    /** The register holding {@code value}; valid until the next call on this instance. */
    public INDArray constant(double value) {
        register.putScalar(0, value);
        return register;
    }

    /** {@code x <- a x}. */
    public void scale(INDArray x, double a) {
        if (a == 1) {
            return;
        }
        if (blasFriendly(x, x)) {
            level1().scal(x.length(), a, x);
        } else {
            x.muli(constant(a));
        }
    }

    /** {@code y <- y + a x}. */
    public void addScaled(INDArray y, double a, INDArray x) {
        if (blasFriendly(x, y)) {
            level1().axpy(x.length(), a, x, y);
        } else {
            y.addi(x.mul(a));
        }
    }

    /** {@code average <- beta average + (1 - beta) x}: an exponential moving average. */
    public void movingAverage(INDArray average, double beta, INDArray x) {
        scale(average, beta);
        addScaled(average, 1 - beta, x);
    }

    /** {@code x <- x + c}. */
    public void add(INDArray x, double c) {
        x.addi(constant(c));
    }

    /** {@code target <- source * source}. */
    public void square(INDArray source, INDArray target) {
        target.assign(source);
        target.muli(source);
    }

    /** {@code target <- source}. */
    public void copy(INDArray source, INDArray target) {
        target.assign(source);
    }

    /** The Euclidean norm of all entries, through BLAS nrm2 (scaled, so it does not overflow early). */
    public static double norm(INDArray x) {
        if (x.isView() || x.elementWiseStride() != 1 || !x.dataType().isFPType() || x.dataType() == DataType.HALF
                || x.dataType() == DataType.BFLOAT16) {
            return x.norm2Number().doubleValue();
        }
        return level1().nrm2(x);
    }

    private static boolean blasFriendly(INDArray x, INDArray y) {
        DataType type = x.dataType();
        return (type == DataType.DOUBLE || type == DataType.FLOAT) && y.dataType() == type
                && !x.isView() && !y.isView() && x.elementWiseStride() == 1 && y.elementWiseStride() == 1
                && (x.ordering() == y.ordering() || x.isVector() && y.isVector()) && x.length() == y.length();
    }

    private static Level1 level1() {
        return Nd4j.getBlasWrapper().level1();
    }
}
