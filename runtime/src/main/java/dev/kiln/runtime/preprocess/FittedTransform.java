package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The fit-once life cycle shared by the transforms: refitting and transforming before fitting are
 * errors, transform works on a float64 copy and returns it in the input's data type.
 */
abstract class FittedTransform implements InputTransform {
    /** Standard deviations at or below this count as zero: the feature is centred only. */
    static final double MIN_STD = 1e-8;

    private boolean fitted;
    private final List<String> warnings = new ArrayList<>();

    @Override
    public final void fit(INDArray train) {
        if (fitted) {
            throw new IllegalStateException("already fitted; create a new transform");
        }
        if (train.rank() < 2 || train.size(0) < 1 || train.isEmpty()) {
            throw new IllegalArgumentException(kind() + " fits on a non-empty batch-first array [n, ...], got shape "
                    + Arrays.toString(train.shape()));
        }
        // float64 and c order; only read, so no copy when the input already is
        INDArray data = train.dataType() == DataType.DOUBLE && train.ordering() == 'c' ? train
                : train.castTo(DataType.DOUBLE).dup('c');
        fitDouble(data);
        fitted = true;
    }

    @Override
    public final boolean isFitted() {
        return fitted;
    }

    @Override
    public final INDArray transform(INDArray x) {
        if (!fitted) {
            throw new IllegalStateException(kind() + " is not fitted: call fit(train) on the training split first");
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException(kind() + " transforms a batch-first array [n, ...], got shape "
                    + Arrays.toString(x.shape()));
        }
        checkInput(x);
        // a fresh, contiguous c-order float64 array: the subclasses reshape it and write into it
        INDArray copy = x.dataType() == DataType.DOUBLE ? x.dup('c') : x.castTo(DataType.DOUBLE);
        if (copy.ordering() != 'c' || copy.isView()) {
            copy = copy.dup('c');
        }
        INDArray result = transformCopy(copy);
        return result.dataType() == x.dataType() ? result : result.castTo(x.dataType());
    }

    @Override
    public final List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Marks a restored transform fitted. */
    final void markFitted() {
        fitted = true;
    }

    final void warn(String message) {
        warnings.add(message);
        System.err.println("warning: " + message);
    }

    /** Computes the statistics from the float64, c-ordered training data; must not write it. */
    abstract void fitDouble(INDArray train);

    /** Throws for an input whose per-example shape does not match the fitted one. */
    abstract void checkInput(INDArray x);

    /** Transforms a private float64 copy of the input (in place where the shape allows). */
    abstract INDArray transformCopy(INDArray x);

    static long[] features(INDArray x) {
        return Arrays.copyOfRange(x.shape(), 1, x.rank());
    }

    static long product(long[] shape) {
        long p = 1;
        for (long s : shape) {
            p *= s;
        }
        return p;
    }

    final void requireFeatures(INDArray x, long[] expected) {
        if (!Arrays.equals(features(x), expected)) {
            throw new IllegalArgumentException(kind() + " was fitted on examples of shape " + Arrays.toString(expected)
                    + " but got examples of shape " + Arrays.toString(features(x)));
        }
    }

    /**
     * σ′ = σ where σ > 1e-8, else 1, warning about the features (flat indices in the example) or
     * channels that are centred only.
     */
    final INDArray safeScale(INDArray std, String what) {
        INDArray scale = std.dup();
        List<Long> constant = new ArrayList<>();
        for (long i = 0; i < scale.length(); i++) {
            if (!(scale.getDouble(i) > MIN_STD)) {
                scale.putScalar(i, 1.0);
                constant.add(i);
            }
        }
        if (!constant.isEmpty()) {
            warn(kind() + ": " + constant.size() + " " + what + (constant.size() == 1 ? " has" : "s have")
                    + " a standard deviation <= " + MIN_STD + " on the training data and " + (constant.size() == 1
                    ? "is" : "are") + " centred only (" + what + " indices " + abbreviate(constant) + ")");
        }
        return scale;
    }

    private static String abbreviate(List<Long> indices) {
        return indices.size() <= 10 ? indices.toString() : indices.subList(0, 10) + " and " + (indices.size() - 10)
                + " more";
    }
}
