package dev.kiln.runtime;

import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Shape;
import dev.kiln.runtime.data.OneHot;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets are checked for the values their loss accepts, once per batch, naming the example and the column. */
class TargetCheckTest {

    private static InputCheck check(Loss loss, int outputs) {
        ModelGraph graph = ModelGraph.chain("Probe", Shape.of(2), loss, new DenseSpec("out", outputs, true, ActivationFunction.IDENTITY,
                InitSpec.of(Scheme.ZEROS), InitSpec.of(Scheme.ZEROS)));
        return new InputCheck(graph, DataType.DOUBLE);
    }

    private static INDArray features(int n) {
        return Nd4j.zeros(DataType.DOUBLE, n, 2);
    }

    private static String refusal(Loss loss, double[][] targets) {
        INDArray y = Nd4j.create(targets);
        return assertThrows(ModelInputException.class, () -> check(loss, targets[0].length).targets(features(targets.length), y)).getMessage();
    }

    @Test
    void softmaxCrossEntropyTakesRowsOfProbabilities() {
        InputCheck softmax = check(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        assertDoesNotThrow(() -> softmax.targets(features(2), Nd4j.create(new double[][] {{0, 1, 0}, {0.2, 0.3, 0.5}})));
        assertEquals("Probe: loss softmax cross-entropy (from logits) needs target rows of class probabilities (one-hot or soft:"
                + " entries in [0, 1] summing to 1), but the targets of example 1 of the batch sum to 0.0, an all-zero row (a missing"
                + " label?); class labels go in as one-hot rows: OneHot.encode(labels, classes, dataType)",
                refusal(Loss.SOFTMAX_CROSS_ENTROPY, new double[][] {{1, 0, 0}, {0, 0, 0}}));
        assertTrue(refusal(Loss.SOFTMAX_CROSS_ENTROPY, new double[][] {{1, 0, 0}, {1, -0.5, 0.5}})
                .contains("column 1 of the targets of example 1 of the batch is -0.5, negative"));
        assertTrue(refusal(Loss.SOFTMAX_CROSS_ENTROPY, new double[][] {{0.5, 0.5, 0.5}}).contains("sum to 1.5"));
        assertTrue(refusal(Loss.MULTICLASS_HINGE, new double[][] {{0, 0}}).contains("one-hot target rows"));
    }

    @Test
    void binaryCrossEntropyTakesValuesInZeroToOneAndMeanSquaredErrorAnything() {
        assertDoesNotThrow(() -> check(Loss.BINARY_CROSS_ENTROPY, 2).targets(features(2), Nd4j.create(new double[][] {{0, 1}, {1, 1}})));
        assertEquals("Probe: loss binary cross-entropy (from logits) needs targets in [0, 1] (probabilities of the positive class), but"
                + " column 0 of the targets of example 1 of the batch is 2.0, outside [0, 1]",
                refusal(Loss.BINARY_CROSS_ENTROPY, new double[][] {{0, 1}, {2, 0}}));
        assertDoesNotThrow(() -> check(Loss.MEAN_SQUARED_ERROR, 2).targets(features(1), Nd4j.create(new double[][] {{-7, 40}})));
    }

    @Test
    void classIndicesAreRefusedWithTheWayToConvertThem() {
        InputCheck softmax = check(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        INDArray indices = Nd4j.create(new double[][] {{2}, {0}});
        ModelInputException e = assertThrows(ModelInputException.class, () -> softmax.targets(features(2), indices));
        assertTrue(e.getMessage().endsWith("but got [2,1]; these look like class indices, and SOFTMAX_CROSS_ENTROPY takes one-hot rows:"
                + " convert them with OneHot.encode(classIndices, 3, DataType.DOUBLE)"), e.getMessage());
        INDArray converted = OneHot.encode(indices, 3, DataType.DOUBLE);
        assertEquals(Nd4j.create(new double[][] {{0, 0, 1}, {1, 0, 0}}), converted);
        assertDoesNotThrow(() -> softmax.targets(features(2), converted));
        assertEquals(converted, OneHot.encode(Nd4j.createFromArray(2L, 0L), 3, DataType.DOUBLE), "a LONG [n] vector too");
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Nd4j.createFromArray(0.5), 3, DataType.DOUBLE));
    }

    @Test
    void viewsOfRowsAreCheckedWhereTheyStartAndChecksCreateNothing() {
        INDArray all = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {0, 0}, {1, 0}});
        InputCheck softmax = check(Loss.SOFTMAX_CROSS_ENTROPY, 2);
        INDArray firstTwo = all.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all());
        INDArray lastTwo = all.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        assertDoesNotThrow(() -> softmax.targets(features(2), firstTwo));
        assertTrue(assertThrows(ModelInputException.class, () -> softmax.targets(features(2), lastTwo)).getMessage()
                .contains("example 0 of the batch sum to 0.0"));
        INDArray x = features(2);
        assertEquals(0, ArrayCount.during(() -> softmax.targets(x, firstTwo)));
    }
}
