package dev.kiln.runtime.data.augment;

import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Shape;
import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.train.Evaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test-time flips average the predictions on each image and its mirror image, by hand: a linear probe
 * model on 1x2 "images" (a, b) whose mirror is (b, a), outputs {@code z = (a − b, a/2 + 2b)}.
 */
class TestTimeFlipsTest {
    private static final double[][] IMAGES = {{1, 3}, {-2, 0.5}, {4, 4}};

    /** The probe's outputs for one image. */
    private static double[] outputs(double a, double b) {
        return new double[] {a - b, a / 2 + 2 * b};
    }

    /** The probe model: its graph (for the name and the loss) and the linear map above. */
    private record Probe(ModelGraph graph, DataType dataType) implements InferenceModel {
        Probe(Loss loss) {
            this(ModelGraph.chain("Probe", Shape.of(2), loss, new DenseSpec("out", 2, false, ActivationFunction.IDENTITY,
                    InitSpec.of(Scheme.ZEROS), InitSpec.of(Scheme.ZEROS))), DataType.DOUBLE);
        }

        @Override
        public INDArray forward(INDArray features) {
            return features.mmul(Nd4j.createFromArray(new double[][] {{1, 0.5}, {-1, 2}}));
        }

        @Override
        public double loss(INDArray features, INDArray targets) {
            return Losses.loss(graph.loss(), forward(features), targets);
        }
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void theOutputIsTheMeanPredictionOfImageAndMirror(Loss loss) {
        INDArray output = TestTimeFlips.of(new Probe(loss)).imageShape(1, 1, 2).forward(Nd4j.createFromArray(IMAGES));
        for (int i = 0; i < IMAGES.length; i++) {
            double[] z = outputs(IMAGES[i][0], IMAGES[i][1]);
            double[] m = outputs(IMAGES[i][1], IMAGES[i][0]);
            double[] got = output.getRow(i).toDoubleVector();
            switch (loss) {
                case SOFTMAX_CROSS_ENTROPY -> {
                    double[] p = softmax(z);
                    double[] q = softmax(m);
                    double[] mean = softmax(got);
                    for (int k = 0; k < 2; k++) {
                        assertEquals((p[k] + q[k]) / 2, mean[k], 1e-14, "image " + i + " class " + k);
                        assertEquals(Math.log((p[k] + q[k]) / 2), got[k], 1e-14, "the output is the log of the mean");
                    }
                }
                case BINARY_CROSS_ENTROPY -> {
                    for (int k = 0; k < 2; k++) {
                        assertEquals((sigmoid(z[k]) + sigmoid(m[k])) / 2, sigmoid(got[k]), 1e-14, "image " + i + " unit " + k);
                    }
                }
                case MEAN_SQUARED_ERROR, MULTICLASS_HINGE -> {
                    for (int k = 0; k < 2; k++) {
                        assertEquals((z[k] + m[k]) / 2, got[k], 1e-14, "image " + i + " output " + k);
                    }
                }
            }
        }
    }

    @Test
    void evaluationTakesTheAveragedModelAndItsLossIsTheMeanPredictions() {
        Probe probe = new Probe(Loss.SOFTMAX_CROSS_ENTROPY);
        INDArray targets = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {0, 1}});
        Evaluation averaged = Evaluation.evaluate(TestTimeFlips.of(probe).imageShape(1, 1, 2),
                new Dataset(Nd4j.createFromArray(IMAGES), targets), 2);
        double loss = 0;
        for (int i = 0; i < IMAGES.length; i++) {
            double[] p = softmax(outputs(IMAGES[i][0], IMAGES[i][1]));
            double[] q = softmax(outputs(IMAGES[i][1], IMAGES[i][0]));
            int label = i == 0 ? 0 : 1;
            loss -= Math.log((p[label] + q[label]) / 2);
        }
        assertEquals(loss / 3, averaged.loss(), 1e-12);
        // Image 0 (1, 3): z = (-2, 6.5), mirror (2, 3.5): class 1 on both, wrong. Image 1 (-2, 0.5): z = (-2.5, 0) says
        // class 1 (p 0.92), its mirror z = (2.5, -3.75) class 0 (p 0.998): the mean says class 0, wrong, where the
        // model alone is right. Image 2 (4, 4) is its own mirror: class 1, right.
        assertEquals(1 / 3.0, averaged.accuracy(), 1e-12);
        assertEquals(2 / 3.0, Evaluation.evaluate(probe, new Dataset(Nd4j.createFromArray(IMAGES), targets), 2).accuracy(), 1e-12);
    }

    @Test
    void inputsThatAreNoImagesAreRefusedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestTimeFlips.of(new Probe(Loss.MEAN_SQUARED_ERROR)).forward(Nd4j.createFromArray(IMAGES)));
        assertTrue(e.getMessage().contains("Probe: test-time flips needs images [N, C, H, W], but the batches hold [N, 2]"),
                e.getMessage());
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], z[1]);
        double a = Math.exp(z[0] - max);
        double b = Math.exp(z[1] - max);
        return new double[] {a / (a + b), b / (a + b)};
    }
}
