package dev.kiln.runtime.preprocess;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The life cycle every transform shares: fit once, never write the caller's array, restore exactly. */
class InputTransformTest {

    static Stream<Supplier<InputTransform>> transforms() {
        return Stream.of(Standardize::new, MeanImage::new, ChannelMean::new, ChannelMean::withStd, PcaWhiten::new,
                ZcaWhiten::new, () -> new PcaWhiten(1e-5, 0.05), () -> new ZcaWhiten(1e-5, 0.05));
    }

    /** [n, 2, 2, 3] with per-element offsets and spreads. */
    static INDArray images(long seed, int n) {
        INDArray x = TestArrays.standardNormal(seed, n, 2, 2, 3);
        INDArray spread = TestArrays.uniform(seed + 1, 0.5, 3, 1, 2, 2, 3);
        INDArray offset = TestArrays.uniform(seed + 2, -5, 5, 1, 2, 2, 3);
        return x.mul(spread.broadcast(n, 2, 2, 3)).addi(offset.broadcast(n, 2, 2, 3));
    }

    static double[] bits(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void fittingTwiceIsAnError(Supplier<InputTransform> factory) {
        InputTransform t = factory.get();
        t.fit(images(1, 50));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(images(2, 50)));
        assertEquals("already fitted; create a new transform", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void transformingBeforeFittingIsAnError(Supplier<InputTransform> factory) {
        InputTransform t = factory.get();
        assertFalse(t.isFitted());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.transform(images(3, 5)));
        assertTrue(e.getMessage().contains("not fitted"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void neitherFitNorTransformWritesTheCallersArray(Supplier<InputTransform> factory) {
        INDArray train = images(4, 50);
        INDArray trainCopy = train.dup();
        INDArray test = images(5, 20);
        INDArray testCopy = test.dup();
        InputTransform t = factory.get();
        t.fit(train);
        INDArray out = t.transform(test);
        assertArrayEquals(bits(trainCopy), bits(train));
        assertArrayEquals(bits(testCopy), bits(test));
        assertTrue(out != test && out.data().address() != test.data().address());
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void restoredStateTransformsBitForBit(Supplier<InputTransform> factory) throws IOException {
        InputTransform t = factory.get();
        t.fit(images(6, 60));
        INDArray test = images(7, 15);
        INDArray expected = t.transform(test);

        Map<String, INDArray> state = t.state();
        InputTransform restored = InputTransform.restore(t.kind(), state);
        assertTrue(restored.isFitted());
        assertArrayEquals(bits(expected), bits(restored.transform(test)));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputTransform.write(t, bytes);
        InputTransform read = InputTransform.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(t.kind(), read.kind());
        INDArray fromBytes = read.transform(test);
        assertArrayEquals(expected.shape(), fromBytes.shape());
        assertArrayEquals(bits(expected), bits(fromBytes));
        assertThrows(IllegalStateException.class, () -> read.fit(test));
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void testDataIsTransformedWithTrainingStatistics(Supplier<InputTransform> factory) {
        INDArray train = images(8, 80);
        INDArray test = images(9, 80).addi(0.5); // a shifted test split
        InputTransform fittedOnTrain = factory.get();
        fittedOnTrain.fit(train);
        InputTransform fittedOnTest = factory.get();
        fittedOnTest.fit(test);
        INDArray out = fittedOnTrain.transform(test);
        double testMean = perChannelMean(out).amaxNumber().doubleValue();
        assertTrue(testMean > 1e-3, "test data centred with the training mean keeps a mean, got " + testMean);
        double ownMean = perChannelMean(fittedOnTest.transform(test)).amaxNumber().doubleValue();
        assertTrue(ownMean < 1e-10, "fitting on the data itself centres it, got " + ownMean);
    }

    /** Means over every axis but 1 (what every transform here centres, ChannelMean included). */
    private static INDArray perChannelMean(INDArray out) {
        int[] axes = java.util.stream.IntStream.range(0, out.rank()).filter(d -> d != 1).toArray();
        return out.mean(axes);
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void float32InputGivesFloat32OutputCloseToFloat64(Supplier<InputTransform> factory) {
        InputTransform t = factory.get();
        t.fit(images(10, 60).castTo(DataType.FLOAT));
        INDArray test = images(11, 10);
        INDArray single = t.transform(test.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, single.dataType());
        INDArray dbl = t.transform(test);
        assertEquals(DataType.DOUBLE, dbl.dataType());
        assertTrue(single.castTo(DataType.DOUBLE).sub(dbl).amaxNumber().doubleValue() < 1e-4);
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void aConstantFeatureGivesNoNaN(Supplier<InputTransform> factory) {
        INDArray train = images(12, 40);
        train.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .assign(3.0); // channel 1 constant: constant features and a constant channel
        InputTransform t = factory.get();
        t.fit(train);
        INDArray out = t.transform(images(13, 10));
        INDArray outTrain = t.transform(train);
        assertFalse(Arrays.stream(bits(out)).anyMatch(v -> !Double.isFinite(v)));
        assertFalse(Arrays.stream(bits(outTrain)).anyMatch(v -> !Double.isFinite(v)));
    }

    @ParameterizedTest
    @MethodSource("transforms")
    void examplesOfAnotherShapeAreRefused(Supplier<InputTransform> factory) {
        InputTransform t = factory.get();
        t.fit(images(14, 30));
        assertThrows(IllegalArgumentException.class, () -> t.transform(TestArrays.uniform(15, -1, 1, 4, 3, 2, 3)));
    }
}
