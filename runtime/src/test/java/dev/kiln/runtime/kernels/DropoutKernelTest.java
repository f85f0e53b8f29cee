package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutKernelTest {

    private static Random rng(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    @Test
    void maskHoldsZeroOrInverseKeepProbability() {
        INDArray mask = Nd4j.create(DataType.DOUBLE, 100, 50);
        DropoutKernel.drawMask(0.3, mask, rng(1));
        double kept = 1.0 / 0.7;
        for (double m : mask.data().asDouble()) {
            assertTrue(m == 0.0 || m == kept, "mask value " + m);
        }
    }

    @Test
    void expectedOutputEqualsInputOverManyMasks() {
        // p = 0.2: per element Var(mask) = p/(1-p) = 0.25, so the mean of 10^4 draws has a standard
        // error of 0.5% of x, and 2% is four standard errors.
        double p = 0.2;
        INDArray x = TestArrays.uniform(2, 0.5, 2.0, 16);
        INDArray sum = x.ulike();
        INDArray mask = x.ulike();
        INDArray y = x.ulike();
        Random random = rng(3);
        int draws = 10_000;
        for (int i = 0; i < draws; i++) {
            DropoutKernel.drawMask(p, mask, random);
            DropoutKernel.apply(x, mask, y);
            sum.addi(y);
        }
        INDArray ratio = sum.div(draws).divi(x);
        for (double r : ratio.data().asDouble()) {
            assertEquals(1.0, r, 0.02);
        }
    }

    @Test
    void expectedOutputAtTheDefaultRateOverTheWholeArray() {
        // p = 0.5 has a 1% standard error per element over 10^4 masks; pooled over 64 elements 0.125%.
        INDArray x = TestArrays.uniform(4, 0.5, 2.0, 64);
        INDArray mask = x.ulike();
        INDArray y = x.ulike();
        INDArray sum = x.ulike();
        Random random = rng(5);
        for (int i = 0; i < 10_000; i++) {
            DropoutKernel.drawMask(0.5, mask, random);
            DropoutKernel.apply(x, mask, y);
            sum.addi(y);
        }
        double meanRatio = sum.div(10_000).divi(x).meanNumber().doubleValue();
        assertEquals(1.0, meanRatio, 0.02);
        assertEquals(1.0, meanRatio, 5 * 0.01 / Math.sqrt(64));
    }

    @Test
    void zeroFractionMatchesRateWithinBinomialError() {
        for (double p : new double[]{0.1, 0.5, 0.9}) {
            INDArray mask = Nd4j.create(DataType.DOUBLE, 400, 250);
            DropoutKernel.drawMask(p, mask, rng(7));
            long n = mask.length();
            double zeroFraction = mask.eq(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / n;
            double standardError = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, zeroFraction, 5 * standardError, "rate " + p);
        }
    }

    @Test
    void gradientIsExactlyZeroWhereDroppedAndScaledWhereKept() {
        double p = 0.4;
        INDArray x = TestArrays.uniform(8, -1, 1, 30, 20);
        INDArray dy = TestArrays.uniform(9, -1, 1, 30, 20);
        INDArray mask = x.ulike();
        INDArray y = x.ulike();
        INDArray dx = x.ulike();
        DropoutKernel.drawMask(p, mask, rng(10));
        DropoutKernel.apply(x, mask, y);
        DropoutKernel.backward(dy, mask, dx);
        int dropped = 0;
        for (int i = 0; i < x.length(); i++) {
            if (y.getDouble(i) == 0.0) {
                dropped++;
                assertEquals(0.0, dx.getDouble(i), 0.0);
            } else {
                assertEquals(dy.getDouble(i) / (1 - p), dx.getDouble(i), 1e-15);
                assertEquals(x.getDouble(i) / (1 - p), y.getDouble(i), 1e-15);
            }
        }
        assertTrue(dropped > 0.3 * x.length() && dropped < 0.5 * x.length(), "dropped " + dropped);

        INDArray inPlace = dy.dup();
        DropoutKernel.backward(inPlace, mask, inPlace);
        assertEquals(dx, inPlace);
    }

    @Test
    void rateZeroIsTheIdentity() {
        INDArray x = TestArrays.uniform(11, -1, 1, 7, 9);
        INDArray mask = x.ulike();
        INDArray y = x.ulike();
        DropoutKernel.drawMask(0.0, mask, rng(12));
        DropoutKernel.apply(x, mask, y);
        assertEquals(x, y);
    }

    @Test
    void sameSeedGivesSameMask() {
        INDArray a = Nd4j.create(DataType.DOUBLE, 50);
        INDArray b = Nd4j.create(DataType.DOUBLE, 50);
        DropoutKernel.drawMask(0.5, a, rng(13));
        DropoutKernel.drawMask(0.5, b, rng(13));
        assertEquals(a, b);
    }

    @Test
    void rateMustBeAProbabilityBelowOne() {
        INDArray mask = Nd4j.create(DataType.DOUBLE, 4);
        assertThrows(IllegalArgumentException.class, () -> DropoutKernel.drawMask(1.0, mask, rng(1)));
        assertThrows(IllegalArgumentException.class, () -> DropoutKernel.drawMask(-0.1, mask, rng(1)));
        assertThrows(IllegalArgumentException.class, () -> DropoutKernel.drawMask(Double.NaN, mask, rng(1)));
    }
}
