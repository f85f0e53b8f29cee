package dev.kiln.samples.signal;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's numbers, loosely: what reference §15.1-3 says they must show. */
class SignalPropagationTest {
    private static final ActivationFunction RELU = ActivationFunction.of(Activation.RELU);

    private static SignalProfile relu(String label, InitSpec init) {
        return SignalPropagation.run(new SignalSetting(label, RELU, init), SignalPropagationMain.SEED);
    }

    private static InitSpec kSigmaSquared(double c) {
        return InitSpec.normal(0, Math.sqrt(c / SignalPropagation.WIDTH));
    }

    @Test
    void kaimingKeepsTheReluSecondMomentWithinHalfAndTwiceOverEightLayers() {
        SignalProfile kaiming = relu("kaiming", InitSpec.of(Scheme.KAIMING_NORMAL).resolveForWeights(RELU));
        for (int l = 0; l < SignalPropagation.DEPTH; l++) {
            assertTrue(kaiming.forward()[l] >= 0.5 && kaiming.forward()[l] <= 2, "layer " + (l + 1) + ": " + Arrays.toString(kaiming.forward()));
            assertTrue(kaiming.backward()[l] >= 0.5 && kaiming.backward()[l] <= 2, "gradient at layer " + (l + 1));
        }
    }

    @Test
    void reluSweepShrinksBelowATenthAndGrowsAboveTen() {
        SignalProfile small = relu("4/3", kSigmaSquared(4.0 / 3));
        SignalProfile large = relu("3", kSigmaSquared(3));
        assertTrue(small.lastForward() < 0.1, "kσ² = 4/3: " + small.lastForward());
        assertTrue(large.lastForward() > 10, "kσ² = 3: " + large.lastForward());
        // The gradients mirror it from the top: layer 1 sees (kσ²/2)^8.
        assertTrue(small.backward()[0] < 0.1 && large.backward()[0] > 10);
    }

    @Test
    void linearVarianceFollowsKSigmaSquaredToThePowerOfTheDepth() {
        for (double c : new double[] {2.0 / 3, 1.5}) {
            SignalProfile linear = SignalPropagation.run(new SignalSetting("linear", ActivationFunction.IDENTITY, kSigmaSquared(c)),
                    SignalPropagationMain.SEED);
            // (2/3)^8 = 0.039, (3/2)^8 = 25.6 (reference §15.1); 1000 x 500 samples keep it within 20%.
            assertEquals(Math.pow(c, 8), linear.lastForward(), 0.2 * Math.pow(c, 8), "kσ² = " + c);
        }
    }

    @Test
    void orthogonalProductsKeepEverySingularValueAtOneWhileGaussianOnesSpread() {
        List<MatrixProducts.Spread> orthogonal = MatrixProducts.orthogonal(SignalPropagationMain.SEED);
        for (MatrixProducts.Spread s : orthogonal) {
            assertEquals(1.0, s.largest(), 1e-4, "depth " + s.depth());
            assertEquals(1.0, s.smallest(), 1e-4, "depth " + s.depth());
        }
        MatrixProducts.Spread gaussian = MatrixProducts.gaussian(SignalPropagationMain.SEED).get(MatrixProducts.DEPTH - 1);
        assertTrue(gaussian.ratio() > 1e6, "8 Gaussian factors: max/min singular value " + gaussian.ratio());
        assertTrue(gaussian.largest() > 1 && gaussian.smallest() < 1e-6, gaussian.toString());
    }

    @Test
    void singularValuesMatchAKnownMatrix() {
        // diag(3, 2) rotated: singular values 3 and 2 whatever the rotation.
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        org.nd4j.linalg.api.ndarray.INDArray rotation = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{c, -s}, {s, c}});
        org.nd4j.linalg.api.ndarray.INDArray m = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{3, 0}, {0, 2}}).mmul(rotation);
        double[] values = MatrixProducts.singularValues(m);
        assertEquals(3.0, values[0], 1e-12);
        assertEquals(2.0, values[1], 1e-12);
    }

    @Test
    void chartsAreWrittenAsPngFiles(@TempDir Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<SignalProfile> profiles = List.of(relu("4/3", kSigmaSquared(4.0 / 3)));
        List<MatrixProducts.Spread> spreads = MatrixProducts.orthogonal(1);
        List<Path> files = SignalCharts.write(directory, profiles, profiles, spreads, spreads);
        assertEquals(6, files.size());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', file.toString());
        }
    }
}
