package dev.kiln.runtime.check;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradCheckTest {
    private static final int N = 8;
    private final INDArray features = TestArrays.uniform(1, -1, 1, N, 6);
    private final INDArray targets = TestArrays.oneHot(2, N, 3);

    @Test
    void correctModelPassesOnEveryCoordinate() {
        TinyMlpNet net = TinyMlpNet.correct(DataType.DOUBLE);
        GradCheckReport report = GradCheck.checkModel(net, features, targets);

        assertTrue(report.passed(), report::toString);
        assertEquals(List.of("fc1.W", "fc1.b", "fc2.W", "fc2.b"),
                report.entries().stream().map(GradCheckReport.Entry::name).collect(Collectors.toList()));
        assertEquals(30, report.entry("fc1.W").coordinatesChecked());
        assertEquals(3, report.entry("fc2.b").coordinatesChecked());
        assertTrue(report.maxRelativeError() < 1e-6);
    }

    @Test
    void gradientOffByOnePercentIsCaughtAndLocated() {
        TinyMlpNet buggy = new TinyMlpNet(DataType.DOUBLE, 6, 5, 3, 0.3, 1.01, false);
        GradCheckReport report = GradCheck.checkModel(buggy, features, targets);

        assertFalse(report.passed(), report::toString);
        GradCheckReport.Entry wrong = report.entry("fc2.W");
        // a = 1.01 n gives |a - n| / (|a| + |n|) = 0.01 / 2.01.
        assertEquals(0.01 / 2.01, wrong.maxRelativeError(), 1e-6);
        assertEquals(1.01, wrong.analytic() / wrong.numeric(), 1e-6);
        assertTrue(report.entry("fc1.W").maxRelativeError() < 1e-6, "only fc2.W is wrong");
        assertTrue(report.toString().contains("FAIL"), report.toString());
    }

    @Test
    void dropoutMasksAreFrozenDuringTheCheckAndReleasedAfter() {
        TinyMlpNet net = TinyMlpNet.correct(DataType.DOUBLE);
        GradCheck.checkModel(net, features, targets);
        assertTrue(net.everFrozen);
        assertFalse(net.isFrozen());

        // A net that redraws its dropout mask on every call is not one function, and the check says so.
        TinyMlpNet unfreezable = new TinyMlpNet(DataType.DOUBLE, 6, 5, 3, 0.3, 1.0, true);
        assertFalse(GradCheck.checkModel(unfreezable, features, targets).passed());
    }

    @Test
    void parametersAreRestoredAndGradientBuffersHoldTheAnalyticGradient() {
        TinyMlpNet net = TinyMlpNet.correct(DataType.DOUBLE);
        List<INDArray> before = net.parameters().stream().map(p -> p.value().dup()).collect(Collectors.toList());
        GradCheck.checkModel(net, features, targets);
        List<INDArray> gradientsAfterCheck = net.parameters().stream().map(p -> p.gradient().dup()).collect(Collectors.toList());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), net.parameters().get(i).value(), "value of " + net.parameters().get(i).name());
        }
        // Same mask: the gradients are those of the frozen function, so recomputing reproduces them.
        net.freezeRandomness(true);
        net.computeGradients(features, targets);
        for (int i = 0; i < before.size(); i++) {
            assertEquals(gradientsAfterCheck.get(i), net.parameters().get(i).gradient());
        }
    }

    @Test
    void float32ModelsAreRefusedWithAnExplanation() {
        TinyMlpNet net = TinyMlpNet.correct(DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkModel(net, features, targets));
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("FLOAT"), e.getMessage());
    }

    @Test
    void largeTensorsAreCheckedOnASeededSubset() {
        GradCheck.Options options = GradCheck.Options.DEFAULT.withMaxCoordinatesPerTensor(7).withSeed(3);
        GradCheckReport first = GradCheck.checkModel(TinyMlpNet.correct(DataType.DOUBLE), features, targets, options);
        GradCheckReport second = GradCheck.checkModel(TinyMlpNet.correct(DataType.DOUBLE), features, targets, options);
        assertTrue(first.passed(), first::toString);
        assertEquals(7, first.entry("fc1.W").coordinatesChecked());
        assertEquals(3, first.entry("fc2.b").coordinatesChecked());
        assertArrayEquals(first.entry("fc1.W").worstIndex(), second.entry("fc1.W").worstIndex());
        assertEquals(first.maxRelativeError(), second.maxRelativeError(), 0.0);
    }

    @Test
    void coordinateSubsetIsDistinctSortedAndInRange() {
        long[] chosen = CoordinateSampler.choose(1_000_000, 200, 9, "fc1.W");
        assertEquals(200, chosen.length);
        for (int i = 1; i < chosen.length; i++) {
            assertTrue(chosen[i - 1] < chosen[i]);
        }
        assertTrue(chosen[0] >= 0 && chosen[199] < 1_000_000);
        assertArrayEquals(chosen, CoordinateSampler.choose(1_000_000, 200, 9, "fc1.W"));
        assertFalse(java.util.Arrays.equals(chosen, CoordinateSampler.choose(1_000_000, 200, 9, "fc2.W")));
    }

    @Test
    void checkFunctionAcceptsACorrectGradientAndRejectsAWrongOne() {
        // f(x) = Σ sin(x) · x, f'(x) = cos(x) · x + sin(x)
        INDArray x = TestArrays.uniform(4, -2, 2, 3, 4);
        INDArray right = Transforms.cos(x, true).muli(x).addi(Transforms.sin(x, true));
        INDArray wrong = right.dup();
        wrong.putScalar(1, 2, wrong.getDouble(1, 2) + 1e-4);
        java.util.function.DoubleSupplier f = () -> Transforms.sin(x, true).muli(x).sumNumber().doubleValue();

        GradCheckReport good = GradCheck.checkFunction(Map.of("x", x), f, Map.of("x", right));
        GradCheckReport bad = GradCheck.checkFunction(Map.of("x", x), f, Map.of("x", wrong));

        assertTrue(good.passed(), good::toString);
        assertFalse(bad.passed(), bad::toString);
        assertArrayEquals(new long[]{1, 2}, bad.entry("x").worstIndex());
        assertEquals(TestArrays.uniform(4, -2, 2, 3, 4), x, "inputs are restored");
    }

    @Test
    void checkFunctionRefusesFloatInputsAndMissingGradients() {
        INDArray x = TestArrays.uniform(5, -1, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkFunction(Map.of("x", x.castTo(DataType.FLOAT)),
                () -> 0.0, Map.of("x", x.castTo(DataType.FLOAT))));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkFunction(Map.of("x", x), () -> 0.0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkFunction(Map.of("x", x), () -> 0.0,
                Map.of("x", TestArrays.uniform(5, -1, 1, 4))));
    }

    @Test
    void relativeErrorFollowsReferenceDefinition() {
        assertEquals(0.0, GradCheck.relativeError(2.0, 2.0));
        assertEquals(0.0, GradCheck.relativeError(0.0, 0.0));
        assertEquals(1.0, GradCheck.relativeError(1.0, 0.0));
        assertEquals(1.0, GradCheck.relativeError(1.0, -1.0));
        assertEquals(1e-13 / 1e-12, GradCheck.relativeError(1e-13, 0.0), 1e-15, "floor of 1e-12 on the denominator");
        assertEquals(Double.POSITIVE_INFINITY, GradCheck.relativeError(Double.NaN, 1.0));
    }

    @Test
    void reportTableNamesEveryTensor() {
        String table = GradCheck.checkModel(TinyMlpNet.correct(DataType.DOUBLE), features, targets).toString();
        assertTrue(table.startsWith("Gradient check PASSED"), table);
        for (Parameter p : TinyMlpNet.correct(DataType.DOUBLE).parameters()) {
            assertTrue(table.contains(p.name()), table);
        }
    }

    @Test
    void onlyDifferencesBelowTheCentralDifferenceRoundoffAreForgiven() {
        double h = 1e-6;
        // f near 1: the difference quotient cannot resolve more than ~16 ulp(1) / 2h = 1.8e-9.
        assertTrue(GradCheck.withinRoundoff(9.20601796e-6, 9.20608034e-6, 1.0, 1.0, h));
        assertFalse(GradCheck.withinRoundoff(9.2e-6, 9.3e-6, 1.0, 1.0, h));
        assertFalse(GradCheck.withinRoundoff(1.0, 1.0 + 1e-8, 1.0, 1.0, h));
    }
}
