package dev.kiln.runtime.check;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBackup;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Compares analytic gradients with central differences (f(θ + h·e_i) - f(θ - h·e_i)) / 2h in
 * float64 (reference §13). Works on a whole {@link KilnNet} or on any kernel written as a scalar
 * function of named arrays.
 */
public final class GradCheck {

    /**
     * @param step                       the difference step h
     * @param tolerance                  the largest accepted relative error
     * @param maxCoordinatesPerTensor    tensors with more elements are checked on a seeded subset
     * @param seed                       seeds that subset
     */
    public record Options(double step, double tolerance, int maxCoordinatesPerTensor, long seed) {
        public static final Options DEFAULT = new Options(1e-6, 1e-6, 200, 1L);

        public Options {
            if (!(step > 0) || !(tolerance > 0) || maxCoordinatesPerTensor < 1) {
                throw new IllegalArgumentException("GradCheck options need step > 0, tolerance > 0 and at least one"
                        + " coordinate per tensor, got step=" + step + ", tolerance=" + tolerance
                        + ", maxCoordinatesPerTensor=" + maxCoordinatesPerTensor);
            }
        }

        public Options withStep(double newStep) {
            return new Options(newStep, tolerance, maxCoordinatesPerTensor, seed);
        }

        public Options withTolerance(double newTolerance) {
            return new Options(step, newTolerance, maxCoordinatesPerTensor, seed);
        }

        public Options withMaxCoordinatesPerTensor(int max) {
            return new Options(step, tolerance, max, seed);
        }

        public Options withSeed(long newSeed) {
            return new Options(step, tolerance, maxCoordinatesPerTensor, newSeed);
        }
    }

    private GradCheck() {
    }

    public static GradCheckReport checkModel(KilnNet net, INDArray features, INDArray targets) {
        return checkModel(net, features, targets, Options.DEFAULT);
    }

    /**
     * Checks every parameter gradient of {@code net} on one batch. Freezes the net's randomness
     * first, so the analytic pass and every perturbed one draw the same dropout masks and see one
     * function, runs computeGradients once for the analytic gradients, and perturbs each checked
     * coordinate by ±h. Parameter values and the state buffers (running statistics, which every pass
     * updates, and the random generator) are restored exactly, and the gradient buffers hold the
     * analytic gradients afterwards.
     *
     * @throws IllegalArgumentException for a model that is not float64: float32 rounding (~1e-7)
     *                                  divided by 2h would swamp the derivative
     */
    public static GradCheckReport checkModel(KilnNet net, INDArray features, INDArray targets, Options options) {
        if (net.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("GradCheck needs a float64 model, but this one computes in "
                    + net.dataType() + ": create it for DataType.DOUBLE. In float32 the rounding of the loss,"
                    + " divided by 2h, is larger than the derivatives being checked.");
        }
        INDArray x = asDouble(features);
        INDArray y = asDouble(targets);
        StateBackup state = StateBackup.of(net);
        net.freezeRandomness(true);
        Map<String, INDArray> analytic = new LinkedHashMap<>();
        try {
            net.computeGradients(x, y);
            Map<String, INDArray> values = new LinkedHashMap<>();
            for (Parameter parameter : net.parameters()) {
                if (values.put(parameter.name(), parameter.value()) != null) {
                    throw new IllegalArgumentException("two parameters are named " + parameter.name());
                }
                analytic.put(parameter.name(), parameter.gradient().dup());
            }
            return compare(values, () -> net.computeGradients(x, y), analytic, options);
        } finally {
            net.freezeRandomness(false);
            state.restore();
            for (Parameter parameter : net.parameters()) {
                INDArray gradient = analytic.get(parameter.name());
                if (gradient != null) {
                    parameter.gradient().assign(gradient);
                }
            }
        }
    }

    public static GradCheckReport checkFunction(Map<String, INDArray> inputs, DoubleSupplier function,
                                                Map<String, INDArray> analyticGradients) {
        return checkFunction(inputs, function, analyticGradients, Options.DEFAULT);
    }

    /**
     * Checks analytic gradients of a scalar function of named float64 arrays. {@code function}
     * reads the arrays in {@code inputs}, which are perturbed in place and restored afterwards;
     * {@code analyticGradients} has one array per input name, of the same shape. A kernel is
     * checked through a scalar probe such as {@link #projection}: L = Σ out ⊙ R for a fixed random
     * R, whose analytic gradient is the kernel's backward applied to dOut = R.
     */
    public static GradCheckReport checkFunction(Map<String, INDArray> inputs, DoubleSupplier function,
                                                Map<String, INDArray> analyticGradients, Options options) {
        for (Map.Entry<String, INDArray> input : inputs.entrySet()) {
            String name = input.getKey();
            if (input.getValue().dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("GradCheck needs float64 inputs; '" + name + "' is "
                        + input.getValue().dataType());
            }
            INDArray gradient = analyticGradients.get(name);
            if (gradient == null || !gradient.equalShapes(input.getValue())) {
                throw new IllegalArgumentException("no analytic gradient of shape "
                        + Arrays.toString(input.getValue().shape()) + " for input '" + name + "'");
            }
        }
        return compare(inputs, function, analyticGradients, options);
    }

    /** Σ output ⊙ weights: the scalar probe that turns a kernel into a checkable function. */
    public static double projection(INDArray output, INDArray weights) {
        return Nd4j.getExecutioner().exec(new Dot(output, weights)).getDouble(0);
    }

    /** |a - n| / max(|a| + |n|, 1e-12), and infinity when either is not finite. */
    public static double relativeError(double analytic, double numeric) {
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-12);
    }

    /** Rounding of f in the last bits, in ulps, that the central difference cannot see through. */
    private static final double ROUNDOFF_ULPS = 16;

    /**
     * True when analytic and numeric agree to within the rounding error of the central difference
     * itself, about ulp(f) / h. A derivative that is tiny compared with f (a near-cancelling sum)
     * cannot be resolved more finely than that, and its relative error then measures noise, not the
     * backward pass: a coordinate of 1e-5 in a function of size 1 has relative noise near 1e-5.
     */
    static boolean withinRoundoff(double analytic, double numeric, double plus, double minus, double h) {
        double roundoff = ROUNDOFF_ULPS * Math.ulp(Math.max(Math.abs(plus), Math.abs(minus))) / (2 * h);
        return Math.abs(analytic - numeric) <= roundoff;
    }

    private static GradCheckReport compare(Map<String, INDArray> inputs, DoubleSupplier function,
                                           Map<String, INDArray> analyticGradients, Options options) {
        List<GradCheckReport.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, INDArray> input : inputs.entrySet()) {
            entries.add(checkTensor(input.getKey(), input.getValue(), java.util.Objects.requireNonNull(analyticGradients.get(input.getKey()), input.getKey()),
                    function, options));
        }
        return new GradCheckReport(entries, options.tolerance());
    }

    private static GradCheckReport.Entry checkTensor(String name, INDArray value, INDArray analytic,
                                                     DoubleSupplier function, Options options) {
        long[] coordinates = CoordinateSampler.choose(value.length(), options.maxCoordinatesPerTensor(),
                options.seed(), name);
        double h = options.step();
        double worstError = -1;
        long worst = 0;
        double worstAnalytic = 0;
        double worstNumeric = 0;
        for (long i : coordinates) {
            double original = value.getDouble(i);
            double plus;
            double minus;
            try {
                value.putScalar(i, original + h);
                plus = function.getAsDouble();
                value.putScalar(i, original - h);
                minus = function.getAsDouble();
            } finally {
                value.putScalar(i, original);
            }
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.getDouble(i);
            double error = withinRoundoff(a, numeric, plus, minus, h) ? 0.0 : relativeError(a, numeric);
            if (error > worstError) {
                worstError = error;
                worst = i;
                worstAnalytic = a;
                worstNumeric = numeric;
            }
        }
        return new GradCheckReport.Entry(name, value.shape(), coordinates.length, Math.max(worstError, 0.0),
                multiIndex(worst, value.shape()), worstAnalytic, worstNumeric);
    }

    /** Row-major multi-index of a linear index, matching INDArray.getDouble(long) on c-order arrays. */
    private static long[] multiIndex(long linear, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = linear % shape[d];
            linear /= shape[d];
        }
        return index;
    }

    private static INDArray asDouble(INDArray array) {
        return array.dataType() == DataType.DOUBLE ? array : array.castTo(DataType.DOUBLE);
    }
}
