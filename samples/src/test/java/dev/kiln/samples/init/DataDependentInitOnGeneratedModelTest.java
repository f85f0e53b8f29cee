package dev.kiln.samples.init;

import dev.kiln.runtime.WeightLayer;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.init.InitializationException;
import dev.kiln.runtime.init.Lsuv;
import dev.kiln.runtime.init.LsuvReport;
import dev.kiln.runtime.init.WithinLayerInit;
import dev.kiln.runtime.init.WithinLayerReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LSUV and within-layer init through the generated {@code Layerwise} of an 8-layer model, on real
 * Fashion-MNIST batches (float64, so the within-layer check holds to 1e-12).
 */
class DataDependentInitOnGeneratedModelTest {
    private static FashionMnist.Splits data;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(DataType.DOUBLE);
    }

    /** Shuffled training batches of 256, a new one per call, each copied out of the iterator's buffer. */
    private static Supplier<INDArray> trainingBatches(long seed) {
        Iterator<Batch> batches = Batches.over(data.train()).batchSize(256).shuffle(true).seed(seed).epoch(0);
        return () -> batches.next().features().dup();
    }

    private static List<double[]> biases(DeepFashionMlpNet net) {
        List<double[]> values = new ArrayList<>();
        for (WeightLayer layer : net.weightLayers()) {
            values.add(layer.hasBias() ? layer.bias().dup().data().asDouble() : null);
        }
        return values;
    }

    private static double wholeStd(INDArray z) {
        INDArray centred = z.sub(z.meanNumber().doubleValue());
        return Math.sqrt(centred.mul(centred).meanNumber().doubleValue());
    }

    @Test
    void lsuvEndsWithinToleranceOnAFreshBatchAndLeavesBiasesAlone() {
        DeepFashionMlpNet net = new DeepFashionMlpNet(7, DataType.DOUBLE);
        List<double[]> before = biases(net);
        LsuvReport report = Lsuv.DEFAULTS.initialize(net, trainingBatches(1), 7);
        System.out.print(report.render());
        assertEquals(8, report.layers().size());
        for (LsuvReport.Layer layer : report.layers()) {
            assertTrue(layer.converged() && layer.tries() <= Lsuv.DEFAULTS.maxTries(), report.render());
        }
        // Test-split examples LSUV never saw, through the layers in their final state.
        INDArray fresh = data.test().features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        for (int i = 0; i < 8; i++) {
            double std = wholeStd(net.preActivation(fresh, i));
            assertEquals(1.0, std, Lsuv.DEFAULTS.tolerance(), "layer " + net.weightLayers().get(i).name() + " on a fresh batch");
        }
        List<double[]> after = biases(net);
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) != null) {
                assertArrayEquals(before.get(i), after.get(i), 0.0, "bias of " + net.weightLayers().get(i).name());
            }
        }
    }

    @Test
    void lsuvOnZeroInputNamesTheFirstLayer() {
        DeepFashionMlpNet net = new DeepFashionMlpNet(7, DataType.DOUBLE);
        InitializationException e = assertThrows(InitializationException.class,
                () -> Lsuv.DEFAULTS.initialize(net, () -> Nd4j.zeros(DataType.DOUBLE, 64, 784), 7));
        assertEquals("fc1", e.layer());
        assertTrue(e.getMessage().contains("layer 'fc1' (weight layer 1 of 8) has pre-activation std ") && e.getMessage().contains("its input carries no signal"), e.getMessage());
    }

    @Test
    void withinLayerGivesEveryFeatureMeanZeroAndStdOneOnTheBatch() {
        DeepFashionMlpNet net = new DeepFashionMlpNet(11, DataType.DOUBLE);
        INDArray batch = trainingBatches(2).get();
        WithinLayerReport report = WithinLayerInit.initialize(net, batch);
        assertEquals(List.of("layer 'fc4' has no bias, so its features were scaled to std 1 but not centred"), report.warnings());
        for (int i = 0; i < 8; i++) {
            INDArray z = net.preActivation(batch, i);
            String name = net.weightLayers().get(i).name();
            double[] stds = z.std(false, 0).toDoubleVector();
            double[] means = z.mean(0).toDoubleVector();
            for (int j = 0; j < stds.length; j++) {
                assertEquals(1.0, stds[j], 1e-12, name + " feature " + j + " std");
                if (net.weightLayers().get(i).hasBias()) {
                    assertEquals(0.0, means[j], 1e-12, name + " feature " + j + " mean");
                }
            }
        }
    }
}
