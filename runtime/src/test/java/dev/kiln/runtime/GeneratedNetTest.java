package dev.kiln.runtime;

import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Shape;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.runtime.train.NonFiniteLossException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy {@link GeneratedNet} holds for every generated model, on a hand-written subclass shaped
 * as the processor writes them (one Dense layer, softmax cross-entropy, float64): the passes get
 * checked inputs and per-batch buffers, a rejected step leaves the weights as they were, and the
 * arrays are registered exactly once.
 */
class GeneratedNetTest {
    private static final DenseSpec OUT = new DenseSpec("out", 2, true, ActivationFunction.IDENTITY, InitSpec.of(Scheme.ZEROS),
            InitSpec.of(Scheme.ZEROS));
    private static final ModelGraph GRAPH = ModelGraph.chain("Probe", Shape.of(3), Loss.SOFTMAX_CROSS_ENTROPY, OUT);

    /** One Dense layer, its passes written as the processor writes them, counting the batch sizes it got buffers for. */
    private static final class ProbeNet extends GeneratedNet<ProbeNet.Buffers> {
        final INDArray outW = Nd4j.rand(DataType.DOUBLE, 3, 2).subi(0.5);
        final INDArray outB = Nd4j.zeros(DataType.DOUBLE, 2);
        private final INDArray outWGrad = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        private final INDArray outBGrad = Nd4j.zeros(DataType.DOUBLE, 2);
        final List<Long> allocated = new ArrayList<>();

        ProbeNet() {
            super(GRAPH, DataType.DOUBLE);
            register(List.of(new Parameter("out", "W", Parameter.Kind.WEIGHT, outW, outWGrad),
                            new Parameter("out", "b", Parameter.Kind.BIAS, outB, outBGrad)),
                    List.of(), List.of(WeightLayer.of("out", outW, outB)));
        }

        void registerAgain() {
            register(List.of(), List.of(), List.of());
        }

        @Override
        protected Buffers newBuffers(long batchSize) {
            allocated.add(batchSize);
            return new Buffers(batchSize);
        }

        @Override
        protected INDArray inferencePass(INDArray features, Buffers buffers) {
            DenseKernel.forward(features, outW, outB, buffers.outOut);
            return buffers.outOut;
        }

        @Override
        protected double trainingPass(INDArray features, INDArray targets, Buffers buffers) {
            DenseKernel.forward(features, outW, outB, buffers.outOut);
            setTrainingOutput(buffers.outOut);
            double loss = Losses.lossAndGradient(GRAPH.loss(), buffers.outOut, targets, buffers.outGrad);
            DenseKernel.backward(features, outW, buffers.outGrad, null, outWGrad, outBGrad);
            return loss;
        }

        @Override
        protected INDArray preActivationPass(INDArray features, int layer, Buffers buffers) {
            return inferencePass(features, buffers);
        }

        static final class Buffers {
            final INDArray outOut;
            final INDArray outGrad;

            Buffers(long n) {
                outOut = Nd4j.create(DataType.DOUBLE, n, 2);
                outGrad = Nd4j.create(DataType.DOUBLE, n, 2);
            }
        }
    }

    private static INDArray oneHot(int n) {
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) {
            targets.putScalar(i, i % 2, 1.0);
        }
        return targets;
    }

    @Test
    void forwardChecksTheInputBeforeThePassRuns() {
        ProbeNet net = new ProbeNet();
        ModelInputException refused = assertThrows(ModelInputException.class,
                () -> net.forward(Nd4j.zeros(DataType.DOUBLE, 4, 5)));
        assertTrue(refused.getMessage().contains("Probe"), refused.getMessage());
        assertTrue(refused.getMessage().contains("[4,5]"), refused.getMessage());
        assertEquals(List.of(), net.allocated, "no buffers for a refused batch");
    }

    @Test
    void buffersAreMadeOncePerBatchSizeAndTheTrainingOutputIsTheLastPasss() {
        ProbeNet net = new ProbeNet();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray first = net.forward(x);
        assertSame(first, net.forward(x), "the same batch size reuses its buffers");
        net.forward(Nd4j.rand(DataType.DOUBLE, 5, 3));
        assertEquals(List.of(4L, 5L), net.allocated);
        IllegalStateException none = assertThrows(IllegalStateException.class, net::trainingOutput);
        assertTrue(none.getMessage().contains("Probe has run no training pass"), none.getMessage());
        double loss = net.computeGradients(x, oneHot(4));
        assertEquals(Losses.loss(GRAPH.loss(), net.trainingOutput(), oneHot(4)), loss, 1e-15);
        assertEquals(List.of(4L, 5L), net.allocated, "training reuses the batch size's buffers");
    }

    @Test
    void aRejectedStepLeavesTheWeightsAsTheyWere() {
        ProbeNet net = new ProbeNet();
        double[] before = net.outW.dup().data().asDouble();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        x.putScalar(1, 2, Double.NaN);
        assertThrows(NonFiniteLossException.class, () -> net.trainStep(x, oneHot(4), new Sgd(0.1)));
        assertArrayEquals(before, net.outW.data().asDouble(), 0.0);
        net.trainStep(Nd4j.rand(DataType.DOUBLE, 4, 3), oneHot(4), new Sgd(0.1));
        assertTrue(net.outW.sub(Nd4j.createFromArray(before).reshape(3, 2)).norm2Number().doubleValue() > 0,
                "an accepted step moves the weights");
    }

    @Test
    void preActivationRefusesAnIndexPastTheWeightLayers() {
        ProbeNet net = new ProbeNet();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3);
        assertEquals(net.forward(x).dup(), net.preActivation(x, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> net.preActivation(x, 1));
    }

    @Test
    void theArraysAreRegisteredOnce() {
        ProbeNet net = new ProbeNet();
        IllegalStateException twice = assertThrows(IllegalStateException.class, net::registerAgain);
        assertTrue(twice.getMessage().contains("Probe"), twice.getMessage());
        assertEquals(2, net.parameters().size(), "the first registration stands");
    }
}
