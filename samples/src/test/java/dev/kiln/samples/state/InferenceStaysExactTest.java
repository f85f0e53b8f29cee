package dev.kiln.samples.state;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.init.Lsuv;
import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.WeightSwap;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code forward} is exact whichever way the weights change: after every public way of changing
 * parameters or running statistics it equals an unfolded forward pass computed independently
 * ({@link UnfoldedReference}) from the arrays as they are then. Folding lives only in the inference
 * snapshot, which equals the model at the time it is taken and never changes afterwards.
 */
class InferenceStaysExactTest {
    private static final int BATCH = 8;
    private static final double EXACT = 1e-10;

    /** A model, how to compute its forward independently, and a batch for it. */
    private record Case<N extends KilnNet & Layerwise>(N net, BiFunction<N, INDArray, INDArray> reference, INDArray x, INDArray y) {
        void assertExact(String after) {
            INDArray expected = reference.apply(net, x);
            double difference = maxAbsDifference(expected, net.forward(x));
            assertTrue(difference < EXACT, "forward after " + after + " differs from the unfolded reference by " + difference);
        }
    }

    private static Case<StateModels_DenseBnNet> denseBn() {
        return new Case<>(new StateModels_DenseBnNet(1, DataType.DOUBLE), UnfoldedReference::denseBn, TestArrays.gaussian(BATCH, 5, 1.5, 0.4, 2),
                TestArrays.oneHot(BATCH, 3, 3));
    }

    private static Case<StateModels_ConvBnNet> convBn() {
        return new Case<>(new StateModels_ConvBnNet(4, DataType.DOUBLE), UnfoldedReference::convBn,
                TestArrays.gaussian(BATCH, 50, 1.5, 0.4, 5).reshape(BATCH, 2, 5, 5), TestArrays.oneHot(BATCH, 3, 6));
    }

    @Test
    void denseThenBatchNormThroughEveryPath() {
        everyPath(denseBn());
    }

    @Test
    void convolutionThenBatchNormThroughEveryPath() {
        everyPath(convBn());
    }

    private static <N extends KilnNet & Layerwise> void everyPath(Case<N> c) {
        N net = c.net();
        c.assertExact("construction");

        long seed = 10;
        for (Parameter parameter : net.parameters()) {
            parameter.value().assign(Nd4j.rand(DataType.DOUBLE, parameter.value().shape()).subi(0.5).muli(2));
            c.assertExact("assigning " + parameter.name() + " through parameters()");
        }
        net.stateBuffers().get(0).value().assign(TestArrays.gaussian(1, (int) net.stateBuffers().get(0).value().length(), 1, 0, seed++)
                .reshape(net.stateBuffers().get(0).value().shape()));
        c.assertExact("assigning a running mean");
        net.stateBuffers().get(1).value().muli(2.5);
        c.assertExact("scaling a running variance in place");

        net.computeGradients(c.x(), c.y());
        c.assertExact("a training pass, which updates the running statistics");
        OptimizerChain adam = Optimizers.adam(0.05);
        for (int step = 0; step < 3; step++) {
            net.trainStep(c.x(), c.y(), adam);
        }
        c.assertExact("three Adam steps");

        net.weightLayers().get(0).weight().muli(1.7);
        c.assertExact("scaling a weight through Layerwise");
        Lsuv.DEFAULTS.initialize(net, () -> c.x(), 7);
        c.assertExact("LSUV");

        OptimizerChain averaging = Optimizers.sgd(0.1).averageParameters(0.5);
        for (int step = 0; step < 3; step++) {
            net.trainStep(c.x(), c.y(), averaging);
        }
        try (WeightSwap swap = averaging.swapInAverage(net)) {
            c.assertExact("swapping in the parameter average");
        }
        c.assertExact("swapping the live parameters back");

        Dataset data = new Dataset(c.x().dup(), c.y().dup());
        Trainer.of(net).optimizer(Optimizers.sgd(0.1).averageParameters(0.9)).evaluateWithAverage(true).batchSize(4)
                .epochs(2).progress(false).fit(data, data);
        c.assertExact("fit with evaluateWithAverage");
    }

    @Test
    void layerwisePreActivationIsTheLayersOwnAffineMap() {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(8, DataType.DOUBLE);
        INDArray x = TestArrays.gaussian(BATCH, 5, 1, 0.2, 9);
        INDArray expected = x.mmul(net.fc1W);
        assertTrue(maxAbsDifference(expected, net.preActivation(x, 0)) < EXACT, "fc1's xW, not batch norm's output");
        net.fc1W.muli(3);
        assertTrue(maxAbsDifference(expected.mul(3), net.preActivation(x, 0)) < EXACT);
    }

    @Test
    void theSnapshotIsTheModelAtFreezeTimeAndNeverChanges() {
        for (Case<?> c : new Case<?>[] {denseBn(), convBn()}) {
            snapshotOf(c);
        }
    }

    private static <N extends KilnNet & Layerwise> void snapshotOf(Case<N> c) {
        N net = c.net();
        OptimizerChain sgd = Optimizers.sgd(0.1);
        for (int step = 0; step < 3; step++) {
            net.trainStep(c.x(), c.y(), sgd);
        }
        INDArray live = net.forward(c.x()).dup();
        INDArray frozen = freeze(net).forward(c.x()).dup();
        assertTrue(maxAbsDifference(live, frozen) < EXACT, "the snapshot equals the model when taken: " + maxAbsDifference(live, frozen));
        dev.kiln.runtime.InferenceModel snapshot = freeze(net);
        net.trainStep(c.x(), c.y(), sgd);
        net.parameters().get(0).value().muli(-1);
        net.stateBuffers().get(1).value().addi(1);
        net.weightLayers().get(0).weight().muli(2);
        assertEquals(frozen, snapshot.forward(c.x()), "the snapshot does not follow the model");
        c.assertExact("changes after a snapshot");
    }

    @Test
    void aFloat32SnapshotAgreesWithTheModelToFloatRounding() {
        StateModels_ConvBnNet net = new StateModels_ConvBnNet(11);
        INDArray x = TestArrays.gaussian(BATCH, 50, 1.5, 0.4, 12).reshape(BATCH, 2, 5, 5).castTo(DataType.FLOAT);
        INDArray y = TestArrays.oneHot(BATCH, 3, 13).castTo(DataType.FLOAT);
        OptimizerChain sgd = Optimizers.sgd(0.1);
        for (int step = 0; step < 3; step++) {
            net.trainStep(x, y, sgd);
        }
        INDArray live = net.forward(x).dup();
        double scale = live.amaxNumber().doubleValue();
        double difference = maxAbsDifference(live, net.freezeForInference().forward(x));
        assertTrue(difference < 1e-5 * scale, "float32 snapshot differs by " + difference + " at output scale " + scale);
    }

    private static dev.kiln.runtime.InferenceModel freeze(KilnNet net) {
        return net instanceof StateModels_DenseBnNet dense ? dense.freezeForInference() : ((StateModels_ConvBnNet) net).freezeForInference();
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
