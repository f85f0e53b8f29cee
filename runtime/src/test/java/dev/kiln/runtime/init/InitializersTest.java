package dev.kiln.runtime.init;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import dev.kiln.runtime.kernels.Activations;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.testing.SampleMoments;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializersTest {
    /** 10^6 draws with different fans: fanIn = 2000, fanOut = 500. */
    private static final long[] DENSE = {2000, 500};
    private static final double FAN_IN = 2000;
    private static final double FAN_OUT = 500;

    private static INDArray draw(InitSpec spec, long[] shape, long seed) {
        return Initializers.create(spec, shape, DataType.DOUBLE, new SplittableRandom(seed));
    }

    /**
     * Mean and variance within five standard errors of the formula (normal or uniform fourth
     * moment), and within the reference's 2% at 10^6 draws.
     */
    private static void assertMoments(INDArray values, double mean, double std, boolean uniform) {
        SampleMoments m = SampleMoments.of(values);
        double variance = std * std;
        m.assertMoments(mean, variance, uniform ? SampleMoments.UNIFORM_KURTOSIS : SampleMoments.NORMAL_KURTOSIS);
        assertEquals(variance, m.variance(), 0.02 * variance);
    }

    private static void assertUniformWithin(INDArray values, double bound) {
        SampleMoments m = SampleMoments.of(values);
        assertTrue(m.maxAbs() <= bound, "max |w| " + m.maxAbs() + " exceeds bound " + bound);
        // With 10^6 draws the largest lies within 1e-5 relative of the bound: this pins the bound.
        assertTrue(m.maxAbs() > bound * (1 - 1e-4), "max |w| " + m.maxAbs() + " well inside bound " + bound);
    }

    @Test
    void normalHasTheGivenMeanAndStd() {
        assertMoments(draw(InitSpec.normal(0.5, 0.2), DENSE, 1), 0.5, 0.2, false);
    }

    @Test
    void uniformStaysWithinItsBounds() {
        INDArray w = draw(InitSpec.uniform(-0.3, 0.7), DENSE, 2);
        assertMoments(w, 0.2, 1.0 / Math.sqrt(12), true);
        assertTrue(w.minNumber().doubleValue() >= -0.3 && w.maxNumber().doubleValue() < 0.7);
        assertTrue(w.minNumber().doubleValue() < -0.2999 && w.maxNumber().doubleValue() > 0.6999);
    }

    @Test
    void lecunNormalHasVarianceOneOverFanIn() {
        assertMoments(draw(InitSpec.of(Scheme.LECUN_NORMAL), DENSE, 3), 0, Math.sqrt(1 / FAN_IN), false);
    }

    @Test
    void lecunUniformBoundIsSqrtThreeOverFanIn() {
        INDArray w = draw(InitSpec.of(Scheme.LECUN_UNIFORM), DENSE, 4);
        double bound = Math.sqrt(3 / FAN_IN);
        assertUniformWithin(w, bound);
        assertMoments(w, 0, bound / Math.sqrt(3), true);
        assertNotEquals(3 / Math.sqrt(FAN_IN), bound, 1e-3, "not the 3/sqrt(fan) variant");
    }

    @Test
    void xavierNormalUsesBothFansAndGain() {
        INDArray w = draw(InitSpec.of(Scheme.XAVIER_NORMAL).withGain(2.0), DENSE, 5);
        assertMoments(w, 0, 2.0 * Math.sqrt(2 / (FAN_IN + FAN_OUT)), false);
    }

    @Test
    void xavierUniformBoundIsGainTimesSqrtSixOverFanSum() {
        INDArray w = draw(InitSpec.of(Scheme.XAVIER_UNIFORM).withGain(1.5), DENSE, 6);
        assertUniformWithin(w, 1.5 * Math.sqrt(6 / (FAN_IN + FAN_OUT)));
    }

    @Test
    void unsetGainMeansOne() {
        INDArray w = draw(InitSpec.of(Scheme.XAVIER_NORMAL), DENSE, 7);
        assertMoments(w, 0, Math.sqrt(2 / (FAN_IN + FAN_OUT)), false);
    }

    @Test
    void kaimingNormalDividesByTheChosenFan() {
        double gain = Math.sqrt(2);
        INDArray fanIn = draw(InitSpec.of(Scheme.KAIMING_NORMAL).withGain(gain), DENSE, 8);
        assertMoments(fanIn, 0, gain / Math.sqrt(FAN_IN), false);
        INDArray fanOut = draw(InitSpec.of(Scheme.KAIMING_NORMAL).withGain(gain).withMode(FanMode.FAN_OUT), DENSE, 9);
        assertMoments(fanOut, 0, gain / Math.sqrt(FAN_OUT), false);
    }

    @Test
    void kaimingUniformBoundIsGainTimesSqrtThreeOverFan() {
        double gain = Math.sqrt(2);
        INDArray w = draw(InitSpec.of(Scheme.KAIMING_UNIFORM).withGain(gain).withMode(FanMode.FAN_OUT), DENSE, 10);
        assertUniformWithin(w, gain * Math.sqrt(3 / FAN_OUT));
    }

    @Test
    void convolutionWeightsUseReceptiveFieldFans() {
        long[] conv = {64, 32, 3, 3};
        INDArray w = draw(InitSpec.of(Scheme.KAIMING_NORMAL).withGain(Math.sqrt(2)), conv, 11);
        assertEquals(4, w.rank());
        // 18,432 draws: the looser check of five standard errors only.
        SampleMoments.of(w).assertMoments(0, 2.0 / (32 * 9), SampleMoments.NORMAL_KURTOSIS);
    }

    @Test
    void zerosAndConstantAreExact() {
        assertEquals(Nd4j.zeros(DataType.DOUBLE, 3, 4), draw(InitSpec.of(Scheme.ZEROS), new long[]{3, 4}, 12));
        assertEquals(Nd4j.valueArrayOf(new long[]{5}, 0.01, DataType.DOUBLE), draw(InitSpec.constant(0.01), new long[]{5}, 12));
    }

    @Test
    void sameSeedGivesIdenticalArraysAndOtherSeedsDiffer() {
        InitSpec spec = InitSpec.of(Scheme.KAIMING_UNIFORM).withGain(1.0);
        long[] shape = {30, 20};
        assertEquals(draw(spec, shape, 13), draw(spec, shape, 13));
        assertNotEquals(draw(spec, shape, 13), draw(spec, shape, 14));
        SeedStreams streams = new SeedStreams(5);
        INDArray a = Initializers.create(spec, shape, DataType.DOUBLE, streams.forParameter("fc1.W"));
        INDArray b = Initializers.create(spec, shape, DataType.DOUBLE, streams.forParameter("fc1.W"));
        assertEquals(a, b);
    }

    @Test
    void float32HoldsTheFloat64DrawsRounded() {
        InitSpec spec = InitSpec.normal(0, 1);
        INDArray doubles = draw(spec, new long[]{8, 9}, 15);
        INDArray floats = Initializers.create(spec, new long[]{8, 9}, DataType.FLOAT, new SplittableRandom(15));
        assertEquals(DataType.FLOAT, floats.dataType());
        assertEquals(doubles.castTo(DataType.FLOAT), floats);
    }

    @Test
    void defaultAndIncompleteSpecsAreRefused() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.create(InitSpec.of(Scheme.DEFAULT), DENSE, DataType.DOUBLE, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.create(InitSpec.of(Scheme.NORMAL), DENSE, DataType.DOUBLE, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.create(InitSpec.uniform(1, -1), DENSE, DataType.DOUBLE, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.create(InitSpec.of(Scheme.XAVIER_NORMAL), new long[]{2, 3, 4}, DataType.DOUBLE, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.create(InitSpec.of(Scheme.ZEROS), DENSE, DataType.INT, rng));
    }

    @Test
    void aParameterOfAModelDrawsFromItsOwnStreamAndNamesItselfWhenRefused() {
        SeedStreams seeds = new SeedStreams(5);
        INDArray drawn = Initializers.forParameter("Mlp", "fc1.W", InitSpec.normal(0, 1), new long[]{3, 2}, DataType.DOUBLE, seeds);
        assertEquals(Initializers.create(InitSpec.normal(0, 1), new long[]{3, 2}, DataType.DOUBLE, seeds.forParameter("fc1.W")), drawn);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Initializers.forParameter("Cnn", "conv1.W",
                InitSpec.of(Scheme.DIRAC).withGain(1), new long[]{4, 4, 2, 2}, DataType.FLOAT, seeds));
        assertEquals("Cnn: cannot initialize parameter conv1.W [4, 4, 2, 2] with dirac(gain=1): DIRAC needs odd kernel sizes (a centre tap),"
                + " got 2x2", refused.getMessage());
    }

    @Test
    void kaimingKeepsReluSignalThroughEightLayersWhileLecunHalvesIt() {
        // Reference §5 check: width 500, ReLU, no bias.
        double kaiming = secondMomentAfterReluLayers(InitSpec.of(Scheme.KAIMING_NORMAL).withGain(Math.sqrt(2)));
        double lecun = secondMomentAfterReluLayers(InitSpec.of(Scheme.LECUN_NORMAL));
        assertTrue(kaiming > 0.5 && kaiming < 2, "Kaiming E[x^2] after 8 layers: " + kaiming);
        assertEquals(Math.pow(0.5, 8), lecun, 0.002, "LeCun E[x^2] after 8 layers");
    }

    private static double secondMomentAfterReluLayers(InitSpec spec) {
        int width = 500;
        INDArray x = TestArrays.standardNormal(16, 1000, width);
        INDArray z = x.ulike();
        SeedStreams streams = new SeedStreams(17);
        ActivationFunction relu = ActivationFunction.of(dev.kiln.dsl.Activation.RELU);
        for (int layer = 0; layer < 8; layer++) {
            INDArray w = Initializers.create(spec, new long[]{width, width}, DataType.DOUBLE, streams.forParameter("l" + layer + ".W"));
            DenseKernel.forward(x, w, null, z);
            Activations.forward(relu, z, x);
        }
        return x.mul(x).meanNumber().doubleValue();
    }

    @Test
    void kaimingWithoutAGainIsRefusedNamingTheWaysToGiveIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.create(InitSpec.of(Scheme.KAIMING_UNIFORM), DENSE, DataType.DOUBLE, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("KAIMING_UNIFORM has no gain"), e.getMessage());
        assertTrue(e.getMessage().contains("withGain(...)") && e.getMessage().contains("Initializers.create(spec, activation,"),
                e.getMessage());
    }

    /**
     * Given the activation, an unset Kaiming gain is the activation's: for ReLU the variance is 2/fan_in, twice what gain 1 gives.
     * 400 x 300 draws (fan_in 400): the variance's standard error is 2/400 * sqrt(2/120000), and the check allows five of them,
     * about 1.8% of 2/400, far below the 50% a gain of 1 would miss by.
     */
    @Test
    void kaimingGivenTheActivationTakesItsGain() {
        long[] shape = {400, 300};
        INDArray relu = Initializers.create(InitSpec.of(Scheme.KAIMING_NORMAL), ActivationFunction.of(Activation.RELU), shape,
                DataType.DOUBLE, new SplittableRandom(12));
        SampleMoments.of(relu).assertMoments(0, 2.0 / 400, SampleMoments.NORMAL_KURTOSIS);
        INDArray tanh = Initializers.create(InitSpec.of(Scheme.KAIMING_UNIFORM), ActivationFunction.of(Activation.TANH), shape,
                DataType.DOUBLE, new SplittableRandom(13));
        SampleMoments.of(tanh).assertMoments(0, 25.0 / 9 / 400, SampleMoments.UNIFORM_KURTOSIS);
        INDArray stated = Initializers.create(InitSpec.of(Scheme.KAIMING_NORMAL).withGain(3), ActivationFunction.of(Activation.RELU),
                shape, DataType.DOUBLE, new SplittableRandom(14));
        SampleMoments.of(stated).assertMoments(0, 9.0 / 400, SampleMoments.NORMAL_KURTOSIS);
    }
}
