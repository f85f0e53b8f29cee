package dev.kiln.runtime.init;

import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.TruncatedNormal;
import dev.kiln.runtime.testing.SampleMoments;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.kiln.runtime.testing.SampleMoments.NORMAL_KURTOSIS;
import static dev.kiln.runtime.testing.SampleMoments.UNIFORM_KURTOSIS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every random scheme on a dense shape and a conv shape: sample mean and variance against the
 * formula within five standard errors of the element count, with fixed seeds; truncation and
 * uniform bounds hold; the named variance-scaling schemes draw exactly what their general form draws.
 */
class SchemeCatalogTest {
    /** Dense W [in, out]: fanIn 600, fanOut 200, 120,000 values. */
    private static final long[] DENSE = {600, 200};
    /** Conv W [outC, inC, kH, kW]: fanIn 32·9 = 288, fanOut 64·9 = 576, 18,432 values. */
    private static final long[] CONV = {64, 32, 3, 3};

    private static INDArray draw(InitSpec spec, long[] shape, long seed) {
        return Initializers.create(spec, shape, DataType.DOUBLE, new SplittableRandom(seed));
    }

    /** What a scheme should give on a shape: mean, variance, kurtosis, and the bound |w| must respect (infinite if none). */
    private record Expected(double mean, double variance, double kurtosis, double low, double high) {
    }

    private static Expected expected(InitSpec spec, long[] shape) {
        Fans fans = Fans.of(shape);
        double fanIn = fans.fanIn();
        double fanOut = fans.fanOut();
        double gainSquared = Double.isNaN(spec.gain()) ? 1 : spec.gain() * spec.gain();
        double inf = Double.POSITIVE_INFINITY;
        return switch (spec.scheme()) {
            case NORMAL -> new Expected(spec.meanOrZero(), spec.std() * spec.std(), NORMAL_KURTOSIS, -inf, inf);
            case UNIFORM -> new Expected((spec.low() + spec.high()) / 2, Math.pow(spec.high() - spec.low(), 2) / 12, UNIFORM_KURTOSIS,
                    spec.low(), spec.high());
            case TRUNCATED_NORMAL -> {
                TruncatedNormal t = new TruncatedNormal(spec.meanOrZero(), spec.std(), spec.low(), spec.high());
                // A truncated normal has lighter tails than a normal: kurtosis 3 bounds its variance's error.
                yield new Expected(t.realisedMean(), t.realisedVariance(), NORMAL_KURTOSIS, spec.low(), spec.high());
            }
            case LECUN_NORMAL -> new Expected(0, 1 / fanIn, NORMAL_KURTOSIS, -inf, inf);
            case LECUN_UNIFORM -> uniform(1 / fanIn);
            case XAVIER_NORMAL -> new Expected(0, gainSquared * 2 / (fanIn + fanOut), NORMAL_KURTOSIS, -inf, inf);
            case XAVIER_UNIFORM -> uniform(gainSquared * 2 / (fanIn + fanOut));
            case KAIMING_NORMAL -> new Expected(0, gainSquared / (spec.mode() == FanMode.FAN_OUT ? fanOut : fanIn), NORMAL_KURTOSIS, -inf, inf);
            case KAIMING_UNIFORM -> uniform(gainSquared / (spec.mode() == FanMode.FAN_OUT ? fanOut : fanIn));
            case VARIANCE_SCALING -> {
                double fan = switch (spec.mode()) {
                    case FAN_IN -> fanIn;
                    case FAN_OUT -> fanOut;
                    case FAN_AVG -> (fanIn + fanOut) / 2;
                };
                double variance = spec.scale() / fan;
                double bound = 2 * Math.sqrt(variance) / 0.87962566;
                yield switch (spec.distribution()) {
                    case NORMAL -> new Expected(0, variance, NORMAL_KURTOSIS, -inf, inf);
                    case UNIFORM -> uniform(variance);
                    case TRUNCATED_NORMAL -> new Expected(0, variance, NORMAL_KURTOSIS, -bound, bound);
                };
            }
            default -> throw new IllegalArgumentException(spec.scheme() + " has no moment formula here");
        };
    }

    /** Zero-mean uniform with the given variance: bounds ±√(3·variance). */
    private static Expected uniform(double variance) {
        double bound = Math.sqrt(3 * variance);
        return new Expected(0, variance, UNIFORM_KURTOSIS, -bound, bound);
    }

    private static List<InitSpec> randomSchemes() {
        List<InitSpec> specs = new ArrayList<>(List.of(
                InitSpec.normal(0.3, 0.05),
                InitSpec.uniform(-0.2, 0.1),
                InitSpec.truncatedNormal(0, 0.1, -0.2, 0.2),
                InitSpec.truncatedNormal(0.5, 0.1, 0.4, 0.8),
                InitSpec.of(Scheme.LECUN_NORMAL),
                InitSpec.of(Scheme.LECUN_UNIFORM),
                InitSpec.of(Scheme.XAVIER_NORMAL).withGain(5.0 / 3),
                InitSpec.of(Scheme.XAVIER_UNIFORM),
                InitSpec.of(Scheme.KAIMING_NORMAL).withGain(Math.sqrt(2)),
                InitSpec.of(Scheme.KAIMING_UNIFORM).withGain(Math.sqrt(2)).withMode(FanMode.FAN_OUT)));
        for (FanMode mode : FanMode.values()) {
            for (Distribution distribution : Distribution.values()) {
                specs.add(InitSpec.varianceScaling(2.0, mode, distribution));
            }
        }
        return specs;
    }

    @TestFactory
    Stream<DynamicTest> everyRandomSchemeHasItsMomentsOnDenseAndConvShapes() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 100;
        for (InitSpec spec : randomSchemes()) {
            for (long[] shape : List.of(DENSE, CONV)) {
                long s = seed++;
                tests.add(DynamicTest.dynamicTest(spec + " " + java.util.Arrays.toString(shape), () -> {
                    Expected e = expected(spec, shape);
                    SampleMoments m = SampleMoments.of(draw(spec, shape, s));
                    m.assertMoments(e.mean(), e.variance(), e.kurtosis());
                    assertTrue(m.min() >= e.low() && m.max() <= e.high(), "values in [" + e.low() + ", " + e.high() + "], got ["
                            + m.min() + ", " + m.max() + "]");
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void truncationBoundsHoldAndAreReached() {
        INDArray w = draw(InitSpec.truncatedNormal(0, 1, -2, 2), new long[] {1000, 1000}, 3);
        SampleMoments m = SampleMoments.of(w);
        assertTrue(m.min() >= -2 && m.max() <= 2);
        // 10^6 draws: the density at the bounds is 0.054/0.954 per unit, so the extremes lie within ~1e-4 of them.
        assertTrue(m.min() < -1.999 && m.max() > 1.999, m.min() + " " + m.max());
        // std is the value before truncation: the draws have 0.8796 of it (reference §5).
        assertEquals(0.87962566, Math.sqrt(m.variance()), 5 * 0.8796 * Math.sqrt(0.5 / 1e6));
    }

    @Test
    void twoSigmaTruncationFactorIsTheReferenceValue() {
        assertEquals(0.87962566, TruncatedNormal.TWO_SIGMA_STD_FACTOR, 1e-8);
        assertEquals(0.954499736, TruncatedNormal.twoSigma(0, 1).acceptance(), 1e-9);
    }

    @Test
    void truncatedWindowThatKeepsAlmostNothingIsRefused() {
        InitSpec farTail = InitSpec.truncatedNormal(0, 1, 5, 6);
        assertThrows(IllegalArgumentException.class, () -> draw(farTail, DENSE, 1));
    }

    /** The named schemes are instances of variance scaling: the same (seed, shape) gives the same bits. */
    @Test
    void namedSchemesDrawExactlyWhatTheirVarianceScalingFormDraws() {
        double g = 1.7;
        assertSameDraws(InitSpec.of(Scheme.LECUN_NORMAL), InitSpec.varianceScaling(1, FanMode.FAN_IN, Distribution.NORMAL));
        assertSameDraws(InitSpec.of(Scheme.LECUN_UNIFORM), InitSpec.varianceScaling(1, FanMode.FAN_IN, Distribution.UNIFORM));
        assertSameDraws(InitSpec.of(Scheme.XAVIER_NORMAL).withGain(g), InitSpec.varianceScaling(g * g, FanMode.FAN_AVG, Distribution.NORMAL));
        assertSameDraws(InitSpec.of(Scheme.XAVIER_UNIFORM).withGain(g), InitSpec.varianceScaling(g * g, FanMode.FAN_AVG, Distribution.UNIFORM));
        assertSameDraws(InitSpec.of(Scheme.KAIMING_NORMAL).withGain(g).withMode(FanMode.FAN_OUT),
                InitSpec.varianceScaling(g * g, FanMode.FAN_OUT, Distribution.NORMAL));
        assertSameDraws(InitSpec.of(Scheme.KAIMING_UNIFORM).withGain(g), InitSpec.varianceScaling(g * g, FanMode.FAN_IN, Distribution.UNIFORM));
    }

    private static void assertSameDraws(InitSpec named, InitSpec general) {
        for (long[] shape : List.of(DENSE, CONV)) {
            assertArrayEquals(draw(general, shape, 9).data().asDouble(), draw(named, shape, 9).data().asDouble(), 0.0, named.toString());
        }
    }

    @Test
    void lecunUniformIsSqrtThreeOverFanNotThreeOverSqrtFan() {
        // The JVM-library slip: bounds 3/sqrt(fanIn) give variance 3/fanIn, three times LeCun's 1/fanIn.
        INDArray w = draw(InitSpec.of(Scheme.LECUN_UNIFORM), new long[] {400, 2500}, 4);
        SampleMoments m = SampleMoments.of(w);
        assertEquals(1.0 / 400, m.variance(), 1e-5);
        assertTrue(m.maxAbs() <= Math.sqrt(3.0 / 400) && m.maxAbs() > Math.sqrt(3.0 / 400) * (1 - 1e-4));
        assertTrue(m.maxAbs() < 0.6 * 3 / Math.sqrt(400), "bound " + m.maxAbs() + " is not 3/sqrt(fanIn) = 0.15");
    }

    @Test
    void sparseZeroesAFixedFractionOfEveryUnitsIncomingWeights() {
        InitSpec spec = InitSpec.sparse(0.3, 0.2);
        INDArray dense = draw(spec, new long[] {250, 400}, 5);
        for (int unit = 0; unit < 400; unit++) {
            assertEquals(75, countZeros(dense.getColumn(unit)), "column " + unit + ": ceil(0.3 * 250) zeros");
        }
        SampleMoments.of(dense, x -> x != 0).assertMoments(0, 0.04, NORMAL_KURTOSIS);
        INDArray conv = draw(spec, CONV, 6);
        INDArray filters = conv.reshape(64, 32 * 9);
        for (int filter = 0; filter < 64; filter++) {
            assertEquals((int) Math.ceil(0.3 * 288), countZeros(filters.getRow(filter)), "filter " + filter);
        }
        SampleMoments.of(conv, x -> x != 0).assertMoments(0, 0.04, NORMAL_KURTOSIS);
    }

    private static int countZeros(INDArray vector) {
        int zeros = 0;
        for (double v : vector.dup().data().asDouble()) {
            zeros += v == 0.0 ? 1 : 0;
        }
        return zeros;
    }
}
