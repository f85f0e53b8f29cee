package dev.kiln.runtime.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccuracyTest {

    @Test
    void countsArgmaxMatches() {
        var outputs = Nd4j.create(new double[][] {{0.1, 2.0, -1}, {3, 0, 0}, {0, 0, 5}, {-2, -1, -3}});
        var targets = Nd4j.create(new double[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {1, 0, 0}});
        assertEquals(2, Accuracy.correct(outputs, targets));
    }

    @Test
    void singleColumnComparesTheLogitSignWithTheTargetThreshold() {
        var logits = Nd4j.create(new double[][] {{0.3}, {-0.2}, {4}, {-1}, {0.0}});
        var labels = Nd4j.create(new double[][] {{1}, {0}, {0}, {1}, {0}});
        // Right: 0.3 vs 1, -0.2 vs 0, 0.0 vs 0 (0 is not above 0). Wrong: 4 vs 0, -1 vs 1.
        assertEquals(3, Accuracy.correct(logits, labels));
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> Accuracy.correct(Nd4j.zeros(3, 2), Nd4j.zeros(3, 3)));
    }
}
