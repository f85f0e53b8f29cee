package dev.kiln.runtime.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsTest {

    @Test
    void countsRowsWhoseArgMaxMatchesTheTarget() {
        INDArray outputs = Nd4j.createFromArray(new double[][]{
                {0.1, 0.7, 0.2},
                {2.0, -1.0, 0.5},
                {0.3, 0.3, 0.1},   // tie: the lowest index wins
                {-5, -4, -3}});
        INDArray targets = Nd4j.createFromArray(new double[][]{
                {0, 1, 0},
                {0, 0, 1},
                {1, 0, 0},
                {0, 0, 1}});
        assertEquals(3, Metrics.correct(outputs, targets));
    }

    @Test
    void singleColumnComparesSignOfLogitWithTargetAboveHalf() {
        INDArray outputs = Nd4j.createFromArray(new double[][]{{2.0}, {-0.5}, {0.1}, {-3.0}, {0.0}});
        INDArray targets = Nd4j.createFromArray(new double[][]{{1}, {0}, {0}, {1}, {0}});
        // Right, right, wrong, wrong, right (0 is not > 0, target 0 is not > 0.5).
        assertEquals(3, Metrics.correct(outputs, targets));
    }

    @Test
    void worksForFloat32() {
        INDArray outputs = Nd4j.createFromArray(new float[][]{{1f, 2f}, {3f, 1f}});
        INDArray targets = Nd4j.createFromArray(new float[][]{{0f, 1f}, {0f, 1f}});
        assertEquals(1, Metrics.correct(outputs, targets));
    }
}
