package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Activation;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.ScalarActivations;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsTest {
    private static final double[] GRID = {-1000, -40, -20, -5, -2.7, -1, -0.3, -1e-4, 0, 1e-4, 0.3, 1, 2.7, 5, 20, 40, 1000};

    /** Every activation, the parameterized ones at their default and at a second value. */
    static List<ActivationFunction> functions() {
        List<ActivationFunction> all = new ArrayList<>();
        for (Activation kind : Activation.values()) {
            all.add(ActivationFunction.of(kind));
        }
        all.add(ActivationFunction.of(Activation.LEAKY_RELU, 0.2));
        all.add(ActivationFunction.of(Activation.ELU, 0.7));
        all.add(ActivationFunction.of(Activation.SWISH, 1.7));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void forwardMatchesScalarFormula(ActivationFunction f) {
        INDArray z = TestArrays.scalars(GRID);
        INDArray out = Nd4j.create(DataType.DOUBLE, GRID.length);
        Activations.forward(f, z, out);
        for (int i = 0; i < GRID.length; i++) {
            assertClose(ScalarActivations.value(f.kind(), f.parameter(), GRID[i]), out.getDouble(i), f + " at " + GRID[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void backwardMatchesScalarDerivative(ActivationFunction f) {
        INDArray z = TestArrays.scalars(GRID);
        INDArray out = Nd4j.create(DataType.DOUBLE, GRID.length);
        INDArray dz = Nd4j.create(DataType.DOUBLE, GRID.length);
        Activations.forward(f, z, out);
        Activations.backward(f, z, out, Nd4j.ones(DataType.DOUBLE, GRID.length), dz);
        for (int i = 0; i < GRID.length; i++) {
            assertClose(ScalarActivations.derivative(f.kind(), f.parameter(), GRID[i]), dz.getDouble(i), f + "' at " + GRID[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void backwardAgreesWithCentralDifferences(ActivationFunction f) {
        // Points away from the kink at 0 and from flat spots, where a relative error is meaningless.
        INDArray z = TestArrays.accepted(11, -2.5, 2.5, x -> {
            double d = ScalarActivations.derivative(f.kind(), f.parameter(), x);
            return Math.abs(x) > 0.01 && (d == 0.0 || Math.abs(d) > 0.05);
        }, 4, 6);
        INDArray r = TestArrays.probeWeights(12, 4, 6);
        INDArray out = z.ulike();
        INDArray dz = z.ulike();
        Activations.forward(f, z, out);
        Activations.backward(f, z, out, r, dz);

        INDArray probeOut = z.ulike();
        GradCheckReport report = GradCheck.checkFunction(Map.of("z", z), () -> {
            Activations.forward(f, z, probeOut);
            return GradCheck.projection(probeOut, r);
        }, Map.of("z", dz));

        assertTrue(report.passed(), report::toString);
        assertEquals(24, report.entry("z").coordinatesChecked());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void inPlaceBackwardEqualsSeparateOutput(ActivationFunction f) {
        INDArray z = TestArrays.uniform(21, -4, 4, 3, 5);
        INDArray out = z.ulike();
        Activations.forward(f, z, out);
        INDArray dOut = TestArrays.uniform(22, -1, 1, 3, 5);
        INDArray separate = z.ulike();
        Activations.backward(f, z, out, dOut, separate);

        INDArray inPlace = dOut.dup();
        Activations.backward(f, z, out, inPlace, inPlace);

        assertEquals(separate, inPlace);
        assertEquals(TestArrays.uniform(21, -4, 4, 3, 5), z, "z must be left untouched");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void finiteAtPlusMinus1000(ActivationFunction f) {
        INDArray z = TestArrays.scalars(-1000, 1000);
        INDArray out = z.ulike();
        INDArray dz = z.ulike();
        Activations.forward(f, z, out);
        Activations.backward(f, z, out, Nd4j.ones(DataType.DOUBLE, 2), dz);
        for (int i = 0; i < 2; i++) {
            assertTrue(Double.isFinite(out.getDouble(i)) && Double.isFinite(dz.getDouble(i)),
                    f + " at " + z.getDouble(i) + ": f=" + out.getDouble(i) + ", f'=" + dz.getDouble(i));
        }
    }

    @Test
    void stableSigmoidAndSoftplusAtExtremes() {
        INDArray z = TestArrays.scalars(-1000, -40, 40, 1000, -20, -1e-3);
        INDArray out = z.ulike();
        Activations.forward(ActivationFunction.of(Activation.SIGMOID), z, out);
        assertEquals(0.0, out.getDouble(0));
        assertEquals(Math.exp(-40) / (1 + Math.exp(-40)), out.getDouble(1), 1e-30);
        assertEquals(1.0, out.getDouble(3));

        Activations.forward(ActivationFunction.of(Activation.SOFTPLUS), z, out);
        assertEquals(0.0, out.getDouble(0));
        // log(1 + e^-40): the naive form rounds this to 0.
        assertEquals(4.248354255291589e-18, out.getDouble(1), 1e-30);
        assertEquals(40.0, out.getDouble(2), 1e-14);
        assertEquals(1000.0, out.getDouble(3));
        // Full relative precision in the tail, not only absolute precision.
        assertEquals(Math.log1p(Math.exp(-20)), out.getDouble(4), 1e-15 * Math.exp(-20));
        assertEquals(Math.log1p(Math.exp(-1e-3)), out.getDouble(5), 1e-15);
    }

    @Test
    void reluDerivativeIsZeroAndLeakyDerivativeIsSlopeAtZero() {
        INDArray z = TestArrays.scalars(0.0, 0.0);
        INDArray out = z.ulike();
        INDArray dz = z.ulike();
        ActivationFunction relu = ActivationFunction.of(Activation.RELU);
        Activations.forward(relu, z, out);
        Activations.backward(relu, z, out, TestArrays.scalars(3.0, -2.0), dz);
        assertEquals(TestArrays.scalars(0.0, 0.0), dz);

        ActivationFunction leaky = ActivationFunction.of(Activation.LEAKY_RELU, 0.2);
        Activations.forward(leaky, z, out);
        Activations.backward(leaky, z, out, TestArrays.scalars(1.0, -2.0), dz);
        assertEquals(0.2, dz.getDouble(0), 1e-16);
        assertEquals(-0.4, dz.getDouble(1), 1e-16);
    }

    @Test
    void tanhIsTwoSigmoidOfTwoXMinusOneAndSigmoidIdentityGivesHalfAngle() {
        INDArray x = TestArrays.uniform(31, -6, 6, 1000);
        INDArray tanh = x.ulike();
        INDArray sigmoidOfTwoX = x.ulike();
        INDArray sigmoidOfX = x.ulike();
        INDArray tanhOfHalfX = x.ulike();
        Activations.forward(ActivationFunction.of(Activation.TANH), x, tanh);
        Activations.forward(ActivationFunction.of(Activation.SIGMOID), x.mul(2), sigmoidOfTwoX);
        Activations.forward(ActivationFunction.of(Activation.SIGMOID), x, sigmoidOfX);
        Activations.forward(ActivationFunction.of(Activation.TANH), x.div(2), tanhOfHalfX);

        double tanhGap = tanh.sub(sigmoidOfTwoX.mul(2).sub(1)).amaxNumber().doubleValue();
        double halfAngleGap = tanhOfHalfX.sub(sigmoidOfX.mul(2).sub(1)).amaxNumber().doubleValue();
        assertTrue(tanhGap < 1e-12, "tanh(x) vs 2σ(2x)-1: " + tanhGap);
        assertTrue(halfAngleGap < 1e-12, "tanh(x/2) vs 2σ(x)-1: " + halfAngleGap);
        // The notes' 2σ(x)-1 is not tanh(x):
        assertTrue(tanh.sub(sigmoidOfX.mul(2).sub(1)).amaxNumber().doubleValue() > 0.1);
    }

    @Test
    void sigmoidDerivativePeaksAtQuarterAtZero() {
        INDArray x = Nd4j.linspace(-5.0, 5.0, 1001, DataType.DOUBLE);
        INDArray out = x.ulike();
        INDArray dz = x.ulike();
        ActivationFunction sigmoid = ActivationFunction.of(Activation.SIGMOID);
        Activations.forward(sigmoid, x, out);
        Activations.backward(sigmoid, x, out, Nd4j.ones(DataType.DOUBLE, 1001), dz);
        assertEquals(0.25, dz.maxNumber().doubleValue(), 1e-16);
        assertEquals(500, Nd4j.argMax(dz).getInt(0));
        assertEquals(0.0, x.getDouble(500), 1e-15);
    }

    @Test
    void seluIsSelfNormalizingOnStandardNormalInput() {
        INDArray z = TestArrays.standardNormal(41, 1_000_000);
        INDArray out = z.ulike();
        Activations.forward(ActivationFunction.of(Activation.SELU), z, out);
        double mean = out.meanNumber().doubleValue();
        double variance = out.varNumber().doubleValue();
        assertTrue(Math.abs(mean) < 0.01, "mean " + mean);
        assertTrue(Math.abs(variance - 1) < 0.01, "variance " + variance);
    }

    @Test
    void leakyReluGainRestoresUnitSecondMoment() {
        INDArray z = TestArrays.standardNormal(42, 1_000_000);
        ActivationFunction leaky = ActivationFunction.of(Activation.LEAKY_RELU, 0.2);
        INDArray out = z.ulike();
        Activations.forward(leaky, z, out);
        double secondMoment = out.mul(out).meanNumber().doubleValue();
        double gain = leaky.gain();
        assertEquals(1.0, gain * gain * secondMoment, 0.01);
    }

    @Test
    void geluTanhApproximatesExactGeluWithinPublishedBound() {
        INDArray x = Nd4j.linspace(-8.0, 8.0, 16001, DataType.DOUBLE);
        INDArray exact = x.ulike();
        INDArray approx = x.ulike();
        Activations.forward(ActivationFunction.of(Activation.GELU), x, exact);
        Activations.forward(ActivationFunction.of(Activation.GELU_TANH), x, approx);
        INDArray gap = Nd4j.math().abs(approx.sub(exact));
        double worst = gap.maxNumber().doubleValue();
        double worstAt = Math.abs(x.getDouble(Nd4j.argMax(gap).getLong(0)));
        assertTrue(worst < 5e-4, "max gap " + worst);
        // Reference §3: about 4.7e-4 near |x| = 2.7, so the two really are different functions.
        assertTrue(worst > 4e-4, "max gap " + worst);
        assertEquals(2.7, worstAt, 0.2);
    }

    @Test
    void eluIsContinuousAtZeroAndSmoothForUnitAlpha() {
        double h = 1e-9;
        INDArray z = TestArrays.scalars(-h, h);
        INDArray out = z.ulike();
        INDArray dz = z.ulike();
        ActivationFunction elu = ActivationFunction.of(Activation.ELU, 1.0);
        Activations.forward(elu, z, out);
        Activations.backward(elu, z, out, Nd4j.ones(DataType.DOUBLE, 2), dz);
        assertEquals(out.getDouble(0), out.getDouble(1), 3e-9);
        assertEquals(dz.getDouble(0), dz.getDouble(1), 3e-9);
    }

    @Test
    void seluUsesFullPrecisionConstants() {
        INDArray z = TestArrays.scalars(1.0, -1000.0);
        INDArray out = z.ulike();
        Activations.forward(ActivationFunction.of(Activation.SELU), z, out);
        assertEquals(1.0507009873554805, out.getDouble(0), 0.0);
        assertEquals(-1.0507009873554805 * 1.6732632423543772, out.getDouble(1), 1e-15);
    }

    @Test
    void forwardRefusesToOverwriteItsInput() {
        INDArray z = TestArrays.uniform(1, -1, 1, 4);
        assertThrows(IllegalArgumentException.class, () -> Activations.forward(ActivationFunction.of(Activation.RELU), z, z));
        assertThrows(IllegalArgumentException.class,
                () -> Activations.forward(ActivationFunction.of(Activation.RELU), z, Nd4j.create(DataType.DOUBLE, 5)));
    }

    @Test
    void parameterizedActivationNeedsAResolvedParameter() {
        INDArray z = TestArrays.uniform(1, -1, 1, 4);
        ActivationFunction unresolved = new ActivationFunction(Activation.SWISH, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.forward(unresolved, z, z.ulike()));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }

    @Test
    void float32FollowsTheFloat64Kernels() {
        Set<Activation> all = EnumSet.allOf(Activation.class);
        INDArray z = TestArrays.uniform(51, -5, 5, 64);
        INDArray zFloat = z.castTo(DataType.FLOAT);
        for (Activation kind : all) {
            ActivationFunction f = ActivationFunction.of(kind);
            INDArray out = z.ulike();
            INDArray outFloat = zFloat.ulike();
            Activations.forward(f, z, out);
            Activations.forward(f, zFloat, outFloat);
            double gap = out.sub(outFloat.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            assertTrue(gap < 1e-5, kind + " float32 differs by " + gap);
        }
    }

    /** Relative 1e-12, with an absolute floor for values that underflow in either computation. */
    private static void assertClose(double expected, double actual, String what) {
        assertFalse(Double.isNaN(actual), what + " is NaN");
        double tolerance = 1e-12 * Math.abs(expected) + 1e-15;
        assertEquals(expected, actual, tolerance, what);
    }
}
