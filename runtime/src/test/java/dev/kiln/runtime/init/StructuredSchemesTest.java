package dev.kiln.runtime.init;

import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Orthogonal, identity and Dirac: the identities they promise, exactly or to 1e-5. */
class StructuredSchemesTest {

    private static INDArray draw(InitSpec spec, long[] shape, long seed) {
        return Initializers.create(spec, shape, DataType.DOUBLE, new SplittableRandom(seed));
    }

    private static InitSpec orthogonal(double gain) {
        return InitSpec.of(Scheme.ORTHOGONAL).withGain(gain);
    }

    /** max |M - gain²·I|. */
    private static double distanceFromScaledIdentity(INDArray product, double gain) {
        INDArray target = Nd4j.eye(product.rows()).castTo(DataType.DOUBLE).muli(gain * gain);
        return product.sub(target).amaxNumber().doubleValue();
    }

    @Test
    void tallOrthogonalHasOrthonormalColumnsTimesGain() {
        INDArray w = draw(orthogonal(1.0), new long[] {300, 100}, 1);
        assertTrue(distanceFromScaledIdentity(w.transpose().mmul(w), 1.0) < 1e-5);
        INDArray scaled = draw(orthogonal(Math.sqrt(2)), new long[] {300, 100}, 1);
        double error = distanceFromScaledIdentity(scaled.transpose().mmul(scaled), Math.sqrt(2));
        assertTrue(error < 1e-5, "||WᵀW - 2I||max = " + error);
    }

    @Test
    void wideOrthogonalHasOrthonormalRowsTimesGain() {
        double gain = 0.5;
        INDArray w = draw(orthogonal(gain), new long[] {100, 300}, 2);
        double error = distanceFromScaledIdentity(w.mmul(w.transpose()), gain);
        assertTrue(error < 1e-5, "||WWᵀ - gain²I||max = " + error);
    }

    @Test
    void convKernelsAreOrthogonalPerOutputChannel() {
        // [16, 8, 3, 3] flattens to 16 x 72 (wide): the 16 filters are orthonormal.
        INDArray wide = draw(orthogonal(1.0), new long[] {16, 8, 3, 3}, 3).reshape(16, 72);
        assertTrue(distanceFromScaledIdentity(wide.mmul(wide.transpose()), 1.0) < 1e-5);
        // [64, 4, 3, 3] flattens to 64 x 36 (tall): the 36 columns are orthonormal.
        INDArray tall = draw(orthogonal(1.0), new long[] {64, 4, 3, 3}, 4).reshape(64, 36);
        assertTrue(distanceFromScaledIdentity(tall.transpose().mmul(tall), 1.0) < 1e-5);
    }

    @Test
    void squareOrthogonalIsOrthogonalBothWaysAndSeeded() {
        INDArray w = draw(orthogonal(1.0), new long[] {50, 50}, 5);
        assertTrue(distanceFromScaledIdentity(w.mmul(w.transpose()), 1.0) < 1e-12);
        assertTrue(distanceFromScaledIdentity(w.transpose().mmul(w), 1.0) < 1e-12);
        assertEquals(w, draw(orthogonal(1.0), new long[] {50, 50}, 5));
        assertNotEquals(w, draw(orthogonal(1.0), new long[] {50, 50}, 6));
    }

    @Test
    void signFixMakesTheDiagonalOfRPositive() {
        // With R_00 > 0, the first column of Q is the first column of A divided by its norm.
        SplittableRandom rng = new SplittableRandom(7);
        double[][] a = new double[3][6];
        for (double[] column : a) {
            for (int i = 0; i < column.length; i++) {
                column[i] = rng.nextDouble() - 0.5;
            }
        }
        double[] first = a[0].clone();
        double norm = Math.sqrt(java.util.Arrays.stream(first).map(x -> x * x).sum());
        double[][] q = Orthonormal.thinQ(a, 6);
        for (int i = 0; i < 6; i++) {
            assertEquals(first[i] / norm, q[0][i], 1e-14);
        }
    }

    @Test
    void identityPreservesTheInputExactly() {
        INDArray x = TestArrays.standardNormal(8, 32, 20);
        INDArray w = draw(InitSpec.of(Scheme.IDENTITY).withGain(1.0), new long[] {20, 20}, 0);
        assertArrayEquals(x.data().asDouble(), x.mmul(w).data().asDouble(), 0.0);
        INDArray doubled = draw(InitSpec.of(Scheme.IDENTITY).withGain(2.0), new long[] {20, 20}, 0);
        assertArrayEquals(x.mul(2).data().asDouble(), x.mmul(doubled).data().asDouble(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> draw(InitSpec.of(Scheme.IDENTITY), new long[] {20, 10}, 0));
    }

    @Test
    void diracKernelHasTheGainAtTheCentreOfItsOwnChannel() {
        INDArray w = draw(InitSpec.of(Scheme.DIRAC).withGain(1.5), new long[] {6, 4, 3, 5}, 0);
        for (int o = 0; o < 6; o++) {
            for (int i = 0; i < 4; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 5; x++) {
                        double expected = o == i && y == 1 && x == 2 ? 1.5 : 0.0;
                        assertEquals(expected, w.getDouble(o, i, y, x), 0.0, "W[" + o + "," + i + "," + y + "," + x + "]");
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> draw(InitSpec.of(Scheme.DIRAC), new long[] {4, 4, 2, 3}, 0));
        assertThrows(IllegalArgumentException.class, () -> draw(InitSpec.of(Scheme.DIRAC), new long[] {4, 4}, 0));
    }

    @Test
    void diracConvolutionReturnsItsInputExactly() {
        // A stride-1, same-padded convolution written out directly: out[c] = Σ_i Σ_dy,dx W[c,i,dy,dx] · in[i, y+dy-1, x+dx-1].
        int channels = 3;
        int size = 5;
        INDArray input = TestArrays.standardNormal(9, channels, size, size);
        INDArray w = draw(InitSpec.of(Scheme.DIRAC).withGain(1.0), new long[] {channels, channels, 3, 3}, 0);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    for (int i = 0; i < channels; i++) {
                        for (int dy = 0; dy < 3; dy++) {
                            for (int dx = 0; dx < 3; dx++) {
                                int yy = y + dy - 1;
                                int xx = x + dx - 1;
                                if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                                    sum += w.getDouble(c, i, dy, dx) * input.getDouble(i, yy, xx);
                                }
                            }
                        }
                    }
                    assertEquals(input.getDouble(c, y, x), sum, 0.0);
                }
            }
        }
    }
}
