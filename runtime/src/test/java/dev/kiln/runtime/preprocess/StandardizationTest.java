package dev.kiln.runtime.preprocess;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Standardize, MeanImage and ChannelMean against their reference §6 definitions. */
class StandardizationTest {

    private static INDArray features(long seed, int n) {
        INDArray x = TestArrays.standardNormal(seed, n, 4);
        return x.mulRowVector(TestArrays.scalars(0.01, 1, 30, 1e4)).addRowVector(TestArrays.scalars(-3, 0, 100, 1e6));
    }

    @Test
    void standardizedTrainingFeaturesHaveMeanZeroAndStdOne() {
        INDArray train = features(1, 300);
        Standardize t = new Standardize();
        t.fit(train);
        INDArray out = t.transform(train);
        for (int j = 0; j < 4; j++) {
            INDArray column = out.getColumn(j);
            double mean = column.meanNumber().doubleValue();
            double std = Math.sqrt(column.sub(mean).mul(column.sub(mean)).meanNumber().doubleValue());
            assertEquals(0.0, mean, 1e-10);
            assertEquals(1.0, std, 1e-10);
        }
        assertTrue(t.warnings().isEmpty());
    }

    @Test
    void testFeaturesUseTrainingMeanAndStd() {
        INDArray train = features(2, 200);
        INDArray test = features(3, 50);
        Standardize t = new Standardize();
        t.fit(train);
        INDArray expected = test.subRowVector(train.mean(0)).divRowVector(train.std(false, 0));
        assertTrue(t.transform(test).sub(expected).amaxNumber().doubleValue() < 1e-9);
    }

    @Test
    void aConstantFeatureIsCentredOnlyWithAWarning() {
        INDArray train = features(4, 100);
        train.getColumn(2).assign(7.0);
        Standardize t = new Standardize();
        t.fit(train);
        assertEquals(1.0, t.scale().getDouble(2), 0.0);
        INDArray out = t.transform(train);
        assertEquals(0.0, out.getColumn(2).amaxNumber().doubleValue(), 0.0);
        assertEquals(1, t.warnings().size());
        assertTrue(t.warnings().get(0).contains("centred only") && t.warnings().get(0).contains("[2]"),
                t.warnings().get(0));
    }

    @Test
    void meanImageSubtractsTheMeanOverExamples() {
        INDArray train = InputTransformTest.images(5, 40);
        MeanImage t = new MeanImage();
        t.fit(train);
        assertEquals(3, t.mean().rank());
        assertTrue(t.mean().sub(train.mean(0)).amaxNumber().doubleValue() < 1e-14);
        INDArray out = t.transform(train);
        assertTrue(out.mean(0).amaxNumber().doubleValue() < 1e-12);
        assertTrue(out.sub(train.sub(train.mean(0).reshape(1, 2, 2, 3).broadcast(train.shape()))).amaxNumber().doubleValue() < 1e-14);
    }

    @Test
    void channelMeanCentresEachChannelOverExamplesAndSpace() {
        INDArray train = InputTransformTest.images(6, 40);
        ChannelMean centre = new ChannelMean();
        centre.fit(train);
        assertEquals(null, centre.scale());
        INDArray out = centre.transform(train);
        for (int c = 0; c < 2; c++) {
            INDArray channel = out.get(NDArrayIndex.all(), NDArrayIndex.point(c));
            assertEquals(0.0, channel.meanNumber().doubleValue(), 1e-12);
            assertEquals(train.get(NDArrayIndex.all(), NDArrayIndex.point(c)).meanNumber().doubleValue(),
                    centre.mean().getDouble(c), 1e-12);
        }

        ChannelMean scaled = ChannelMean.withStd();
        scaled.fit(train);
        INDArray standardized = scaled.transform(train);
        for (int c = 0; c < 2; c++) {
            INDArray channel = standardized.get(NDArrayIndex.all(), NDArrayIndex.point(c)).dup();
            double mean = channel.meanNumber().doubleValue();
            assertEquals(0.0, mean, 1e-12);
            assertEquals(1.0, Math.sqrt(channel.mul(channel).meanNumber().doubleValue() - mean * mean), 1e-10);
        }
    }

    @Test
    void channelMeanTransformsImagesOfAnotherSize() {
        ChannelMean t = ChannelMean.withStd();
        t.fit(InputTransformTest.images(7, 20));
        INDArray other = TestArrays.uniform(8, -1, 1, 3, 2, 5, 5);
        INDArray out = t.transform(other);
        INDArray expected = other.dup();
        for (int c = 0; c < 2; c++) {
            expected.get(NDArrayIndex.all(), NDArrayIndex.point(c)).subi(t.mean().getDouble(c))
                    .divi(t.scale().getDouble(c));
        }
        assertTrue(out.sub(expected).amaxNumber().doubleValue() < 1e-14);
    }
}
