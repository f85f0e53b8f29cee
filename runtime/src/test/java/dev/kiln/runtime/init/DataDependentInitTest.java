package dev.kiln.runtime.init;

import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.WeightLayer;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LSUV and within-layer init on a one-layer {@link Layerwise} written by hand (the generated
 * 8-layer case is in the samples module): reference §5's checks.
 */
class DataDependentInitTest {

    /** z = xW + b: the smallest thing with a weight layer. */
    private static final class OneLayer implements Layerwise {
        final INDArray w;
        final INDArray b;
        private final List<WeightLayer> layers;

        OneLayer(INDArray w, INDArray b) {
            this.w = w;
            this.b = b;
            this.layers = List.of(WeightLayer.of("only", w, b));
        }

        @Override
        public List<WeightLayer> weightLayers() {
            return layers;
        }

        @Override
        public INDArray preActivation(INDArray features, int layer) {
            INDArray z = Nd4j.create(DataType.DOUBLE, features.size(0), w.size(1));
            DenseKernel.forward(features, w, b, z);
            return z;
        }
    }

    private static Supplier<INDArray> gaussianBatches(long seed, int n, int width) {
        long[] next = {seed};
        return () -> TestArrays.standardNormal(next[0]++, n, width);
    }

    private static INDArray orthogonal(int n, long seed) {
        return Initializers.create(InitSpec.of(Scheme.ORTHOGONAL).withGain(1.0), new long[] {n, n}, DataType.DOUBLE, new SplittableRandom(seed));
    }

    @Test
    void lsuvRescalesAnOrthogonalWeightScaledByThreeWithinTwoPasses() {
        OneLayer net = new OneLayer(orthogonal(50, 1).muli(3), TestArrays.uniform(2, -0.1, 0.1, 50));
        double[] biasBefore = net.b.data().asDouble();
        LsuvReport report = Lsuv.DEFAULTS.withOrthonormalStart(false).initialize(net, gaussianBatches(10, 256, 50), 0);
        LsuvReport.Layer layer = report.layers().get(0);
        assertTrue(layer.converged() && layer.tries() <= 2, report.render());
        assertEquals(1.0, layer.finalStd(), 0.1);
        double fresh = PreActivationStatistics.wholeStd(net.preActivation(TestArrays.standardNormal(999, 256, 50), 0));
        assertEquals(1.0, fresh, 0.1, "std on a batch LSUV never saw");
        assertArrayEquals(biasBefore, net.b.data().asDouble(), 0.0, "biases are never touched");
    }

    @Test
    void lsuvGivesUpAfterMaxTriesAndSaysSo() {
        // Every batch is 10x the previous one, so the std never settles.
        long[] scale = {1};
        Supplier<INDArray> growing = () -> TestArrays.standardNormal(scale[0], 64, 20).muli(Math.pow(10, scale[0]++));
        OneLayer net = new OneLayer(orthogonal(20, 3), null);
        LsuvReport report = new Lsuv(0.1, 3, false).initialize(net, growing, 0);
        assertFalse(report.converged());
        assertEquals(3, report.layers().get(0).tries());
        assertTrue(report.render().contains("not within tol after 3 tries"), report.render());
    }

    @Test
    void lsuvOnAZeroInputNamesTheLayer() {
        OneLayer net = new OneLayer(orthogonal(20, 4), Nd4j.zeros(DataType.DOUBLE, 20));
        InitializationException e = assertThrows(InitializationException.class,
                () -> Lsuv.DEFAULTS.initialize(net, () -> Nd4j.zeros(DataType.DOUBLE, 32, 20), 0));
        assertEquals("only", e.layer());
        assertTrue(e.getMessage().startsWith("LSUV: layer 'only' (weight layer 1 of 1) has pre-activation std 0.0 on a batch of 32 examples"),
                e.getMessage());
    }

    @Test
    void lsuvStartsFromOrthonormalWeights() {
        INDArray w = TestArrays.standardNormal(5, 30, 30);
        OneLayer net = new OneLayer(w, null);
        Lsuv.DEFAULTS.initialize(net, gaussianBatches(20, 128, 30), 77);
        // After the orthonormal start only a scalar was applied: WᵀW is a multiple of I.
        INDArray gram = w.transpose().mmul(w);
        double scale = gram.getDouble(0, 0);
        INDArray offDiagonal = gram.sub(Nd4j.eye(30).castTo(DataType.DOUBLE).muli(scale));
        assertTrue(offDiagonal.amaxNumber().doubleValue() < 1e-12 * scale, "WᵀW = s·I");
    }

    @Test
    void withinLayerGivesEveryFeatureMeanZeroAndStdOneEvenWithABias() {
        INDArray w = TestArrays.standardNormal(6, 40, 12).muli(0.3);
        INDArray b = TestArrays.uniform(7, 1, 3, 12);
        OneLayer net = new OneLayer(w, b);
        // Inputs with a non-zero mean and unequal scales, so every feature starts off-centre.
        INDArray batch = TestArrays.standardNormal(8, 200, 40).muli(2).addi(0.5);
        WithinLayerReport report = WithinLayerInit.initialize(net, batch);
        assertTrue(report.warnings().isEmpty(), report.warnings().toString());
        INDArray z = net.preActivation(batch, 0);
        double[] means = z.mean(0).toDoubleVector();
        double[] stds = z.std(false, 0).toDoubleVector();
        for (int j = 0; j < 12; j++) {
            assertEquals(0.0, means[j], 1e-12, "mean of feature " + j);
            assertEquals(1.0, stds[j], 1e-12, "std of feature " + j);
        }
    }

    @Test
    void withinLayerLeavesConstantFeaturesAndCannotCentreWithoutBias() {
        INDArray w = TestArrays.standardNormal(9, 10, 4);
        w.getColumn(2).assign(0);
        OneLayer net = new OneLayer(w, null);
        WithinLayerReport report = WithinLayerInit.initialize(net, TestArrays.standardNormal(10, 50, 10));
        assertEquals(List.of("layer 'only': 1 of 4 features are constant on the batch and were left unscaled",
                "layer 'only' has no bias, so its features were scaled to std 1 but not centred"), report.warnings());
        assertEquals(0.0, w.getColumn(2).amaxNumber().doubleValue(), 0.0);
    }
}
