package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossesTest {
    private static final int N = 5;
    private static final int K = 4;

    @ParameterizedTest
    @EnumSource(Loss.class)
    void gradientAgreesWithCentralDifferences(Loss loss) {
        INDArray prediction = predictionAwayFromKinks(loss);
        INDArray target = targetFor(loss, 2);
        INDArray gradient = prediction.ulike();
        Losses.lossAndGradient(loss, prediction, target, gradient);

        GradCheckReport report = GradCheck.checkFunction(Map.of("prediction", prediction),
                () -> Losses.loss(loss, prediction, target), Map.of("prediction", gradient));

        assertTrue(report.passed(), report::toString);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void lossAloneEqualsLossFromLossAndGradient(Loss loss) {
        INDArray prediction = TestArrays.uniform(3, -3, 3, N, K);
        INDArray target = targetFor(loss, 4);
        double withGradient = Losses.lossAndGradient(loss, prediction, target, prediction.ulike());
        assertEquals(withGradient, Losses.loss(loss, prediction, target), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void lossMatchesScalarFormula(Loss loss) {
        INDArray prediction = TestArrays.uniform(5, -3, 3, N, K);
        INDArray target = targetFor(loss, 6);
        assertEquals(scalarLoss(loss, prediction, target), Losses.loss(loss, prediction, target), 1e-14);
    }

    @Test
    void softmaxCrossEntropyGradientRowsSumToZero() {
        INDArray logits = TestArrays.uniform(7, -5, 5, N, K);
        INDArray gradient = logits.ulike();
        Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, logits, TestArrays.oneHot(8, N, K), gradient);
        INDArray rowSums = gradient.sum(1);
        assertTrue(Nd4j.math().abs(rowSums).maxNumber().doubleValue() < 1e-16, rowSums.toString());
    }

    @Test
    void softmaxCrossEntropyIsFiniteAndExactForHugeLogits() {
        INDArray logits = Nd4j.createFromArray(new double[][]{{1000, -1000, 0}, {-1000, 1000, 0}});
        INDArray target = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {1, 0, 0}});
        INDArray gradient = logits.ulike();
        double loss = Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, logits, target, gradient);
        // Row 1 is right with certainty (loss 0), row 2 is wrong by a logit gap of 2000.
        assertEquals(1000.0, loss, 1e-12);
        assertEquals(Nd4j.createFromArray(new double[][]{{0, 0, 0}, {-0.5, 0.5, 0}}), gradient);
    }

    @Test
    void softmaxCrossEntropyIsLogKAtZeroLogits() {
        INDArray logits = Nd4j.zeros(DataType.DOUBLE, N, K);
        assertEquals(Math.log(K), Losses.loss(Loss.SOFTMAX_CROSS_ENTROPY, logits, TestArrays.oneHot(9, N, K)), 1e-15);
    }

    @Test
    void softmaxCrossEntropyIsInvariantToARowConstant() {
        INDArray logits = TestArrays.uniform(10, -3, 3, N, K);
        INDArray shift = Nd4j.createFromArray(7.0, -300.0, 0.5, 1e3, -2.0).reshape(N, 1);
        INDArray shifted = logits.add(shift.repeat(1, K));
        INDArray target = TestArrays.oneHot(11, N, K);
        INDArray gradient = logits.ulike();
        INDArray shiftedGradient = logits.ulike();
        double loss = Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, logits, target, gradient);
        double shiftedLoss = Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, shifted, target, shiftedGradient);
        // Shifting by 1e3 rounds the logits themselves to ulp(1e3) ~ 1e-13; the results agree to that.
        assertEquals(loss, shiftedLoss, 1e-12);
        assertTrue(gradient.sub(shiftedGradient).amaxNumber().doubleValue() < 1e-12);
    }

    @Test
    void softmaxRowsAreProbabilitiesEvenForHugeLogits() {
        INDArray logits = Nd4j.createFromArray(new double[][]{{1000, 999, -1000}, {1, 2, 3}});
        INDArray out = logits.ulike();
        Losses.softmax(logits, out);
        double e = Math.exp(-1);
        assertEquals(1 / (1 + e), out.getDouble(0, 0), 1e-15);
        assertEquals(e / (1 + e), out.getDouble(0, 1), 1e-15);
        assertEquals(0.0, out.getDouble(0, 2));
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(2) / z, out.getDouble(1, 1), 1e-15);
        assertEquals(1.0, out.sum(1).getDouble(1), 1e-15);

        Losses.softmax(logits, logits);
        assertEquals(out, logits, "softmax in place");
    }

    @Test
    void binaryCrossEntropyIsFiniteForHugeLogits() {
        INDArray logits = Nd4j.createFromArray(new double[][]{{1000}, {-1000}, {1000}, {-1000}});
        INDArray target = Nd4j.createFromArray(new double[][]{{1}, {0}, {0}, {1}});
        INDArray gradient = logits.ulike();
        double loss = Losses.lossAndGradient(Loss.BINARY_CROSS_ENTROPY, logits, target, gradient);
        assertEquals((0 + 0 + 1000 + 1000) / 4.0, loss, 1e-12);
        assertEquals(Nd4j.createFromArray(new double[][]{{0}, {0}, {0.25}, {-0.25}}), gradient);
    }

    @Test
    void meanSquaredErrorGradientIsTwiceTheErrorOverElementCount() {
        INDArray f = TestArrays.uniform(12, -2, 2, N, K);
        INDArray y = TestArrays.uniform(13, -2, 2, N, K);
        INDArray gradient = f.ulike();
        Losses.lossAndGradient(Loss.MEAN_SQUARED_ERROR, f, y, gradient);
        INDArray expected = f.sub(y).muli(2.0 / (N * K));
        assertTrue(gradient.sub(expected).amaxNumber().doubleValue() < 1e-16);
    }

    @Test
    void meanSquaredErrorIsZeroExactlyWhenEqual() {
        INDArray f = TestArrays.uniform(14, -2, 2, N, K);
        assertEquals(0.0, Losses.loss(Loss.MEAN_SQUARED_ERROR, f, f.dup()), 0.0);
        INDArray nudged = f.dup();
        nudged.putScalar(3, 2, nudged.getDouble(3, 2) + 1e-3);
        assertEquals(1e-6 / (N * K), Losses.loss(Loss.MEAN_SQUARED_ERROR, nudged, f), 1e-18);
    }

    /**
     * Kiln's multiclass hinge sums the margins over the classes; PyTorch's {@code multi_margin_loss}
     * (p = 1, margin = 1, mean reduction) divides each example's sum by the number of classes K, so
     * Kiln's loss is exactly K times it. One example by hand: scores (1, 2, 0.5), true class 0,
     * margins max(0, 1 + 2 - 1) = 2 and max(0, 1 + 0.5 - 1) = 0.5: Kiln 2.5, PyTorch 2.5 / 3.
     */
    @Test
    void hingeIsTheNumberOfClassesTimesPyTorchsMultiMarginLoss() {
        INDArray scores = Nd4j.create(new double[][] {{1, 2, 0.5}});
        INDArray target = Nd4j.create(new double[][] {{1, 0, 0}});
        assertEquals(2.5, Losses.loss(Loss.MULTICLASS_HINGE, scores, target), 1e-15);

        INDArray h = TestArrays.uniform(31, -2, 2, N, K);
        INDArray y = TestArrays.oneHot(32, N, K);
        double pyTorch = 0;
        for (int n = 0; n < N; n++) {
            int label = y.getRow(n).argMax().getInt(0);
            double sum = 0;
            for (int j = 0; j < K; j++) {
                sum += j == label ? 0 : Math.max(0, 1 - h.getDouble(n, label) + h.getDouble(n, j));
            }
            pyTorch += sum / K / N; // multi_margin_loss: each example's sum over classes / K, then the batch mean
        }
        assertEquals(K * pyTorch, Losses.loss(Loss.MULTICLASS_HINGE, h, y), 1e-12);
    }

    @Test
    void hingeSubgradientIsZeroAtTheKink() {
        // Class 0 is right; class 1 sits exactly on the margin (1 + 1 - 2 = 0), class 2 well inside.
        INDArray scores = Nd4j.createFromArray(new double[][]{{2, 1, -5}});
        INDArray target = Nd4j.createFromArray(new double[][]{{1, 0, 0}});
        INDArray gradient = scores.ulike();
        double loss = Losses.lossAndGradient(Loss.MULTICLASS_HINGE, scores, target, gradient);
        assertEquals(0.0, loss);
        assertEquals(Nd4j.zeros(DataType.DOUBLE, 1, 3), gradient);
    }

    @Test
    void hingeSubgradientCountsActiveMargins() {
        INDArray scores = Nd4j.createFromArray(new double[][]{{0.5, 1.0, 0.2}, {3, -1, 0}});
        INDArray target = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 0, 1}});
        INDArray gradient = scores.ulike();
        double loss = Losses.lossAndGradient(Loss.MULTICLASS_HINGE, scores, target, gradient);
        // Row 0: margins 1.5 and 0.7, both active. Row 1: margins 4 and 0 (inactive at the kink).
        assertEquals((1.5 + 0.7 + 4.0) / 2, loss, 1e-15);
        INDArray expected = Nd4j.createFromArray(new double[][]{{-2, 1, 1}, {1, 0, -1}}).divi(2);
        assertEquals(expected, gradient);
    }

    @Test
    void refusesMismatchedShapesAndSingleColumnSoftmax() {
        INDArray p = TestArrays.uniform(1, -1, 1, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> Losses.loss(Loss.MEAN_SQUARED_ERROR, p, Nd4j.zeros(DataType.DOUBLE, 3, 3)));
        INDArray column = TestArrays.uniform(1, -1, 1, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> Losses.loss(Loss.SOFTMAX_CROSS_ENTROPY, column, column.dup()));
        assertThrows(IllegalArgumentException.class, () -> Losses.lossAndGradient(Loss.MEAN_SQUARED_ERROR, p, p.dup(), p));
    }

    /** Hinge margins kept at least 0.05 from the kink, so central differences never straddle it. */
    private static INDArray predictionAwayFromKinks(Loss loss) {
        INDArray target = targetFor(loss, 2);
        for (long seed = 1; ; seed++) {
            INDArray h = TestArrays.uniform(seed, -2, 2, N, K);
            if (loss != Loss.MULTICLASS_HINGE || minimumMarginDistance(h, target) > 0.05) {
                return h;
            }
        }
    }

    private static double minimumMarginDistance(INDArray h, INDArray oneHot) {
        double closest = Double.POSITIVE_INFINITY;
        for (int n = 0; n < N; n++) {
            int y = Nd4j.argMax(oneHot.getRow(n)).getInt(0);
            for (int j = 0; j < K; j++) {
                if (j != y) {
                    closest = Math.min(closest, Math.abs(1 + h.getDouble(n, j) - h.getDouble(n, y)));
                }
            }
        }
        return closest;
    }

    private static INDArray targetFor(Loss loss, long seed) {
        return switch (loss) {
            case SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE -> TestArrays.oneHot(seed, N, K);
            case BINARY_CROSS_ENTROPY -> TestArrays.uniform(seed, 0, 1, N, K);
            case MEAN_SQUARED_ERROR -> TestArrays.uniform(seed, -2, 2, N, K);
        };
    }

    /** The textbook definitions, element by element (reference §4). */
    private static double scalarLoss(Loss loss, INDArray h, INDArray y) {
        double total = 0;
        for (int n = 0; n < N; n++) {
            double rowMax = h.getRow(n).maxNumber().doubleValue();
            double sumExp = 0;
            for (int j = 0; j < K; j++) {
                sumExp += Math.exp(h.getDouble(n, j) - rowMax);
            }
            int label = Nd4j.argMax(y.getRow(n)).getInt(0);
            for (int j = 0; j < K; j++) {
                double hj = h.getDouble(n, j);
                double yj = y.getDouble(n, j);
                total += switch (loss) {
                    case SOFTMAX_CROSS_ENTROPY -> -yj * (hj - rowMax - Math.log(sumExp));
                    case BINARY_CROSS_ENTROPY -> {
                        double p = 1 / (1 + Math.exp(-hj));
                        yield -(yj * Math.log(p) + (1 - yj) * Math.log(1 - p)) / K;
                    }
                    case MEAN_SQUARED_ERROR -> (yj - hj) * (yj - hj) / K;
                    case MULTICLASS_HINGE -> j == label ? 0 : Math.max(0, 1 + hj - h.getDouble(n, label));
                };
            }
        }
        return total / N;
    }
}
