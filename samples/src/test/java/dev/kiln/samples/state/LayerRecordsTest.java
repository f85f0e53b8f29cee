package dev.kiln.samples.state;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.samples.TestArrays;
import dev.kiln.samples.fashion.FashionCnnNet;
import dev.kiln.samples.norm.NormModels_FlatNormsNet;
import dev.kiln.samples.norm.NormModels_SpatialNormsNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated models hand their kernels records of each layer's arrays (conv1: W, b, their gradients;
 * bn1: gamma, beta, running and batch statistics, ...), built once in the constructor. A record that
 * held other arrays than the model's fields would go stale when the fields change: these tests change
 * every parameter and state array of a model through its public ways in (a checkpoint's restore,
 * the parameter and state-buffer lists) and require the model to compute exactly what a model trained
 * to those values computes: its forward, its inference snapshot, its loss and gradients, and the next
 * training step. Models with batch norm (folded and not), layer, group, instance and RMS norm, weight
 * norm and convolutions.
 */
class LayerRecordsTest {
    private static final int BATCH = 6;

    @TempDir
    Path dir;

    @Test
    void convolutionAndBatchNormRecordsFollowALoadedCheckpoint() throws IOException {
        INDArray x = TestArrays.gaussian(BATCH, 784, 1, 0.3, 11).castTo(DataType.FLOAT);
        INDArray y = TestArrays.oneHot(BATCH, 10, 12).castTo(DataType.FLOAT);
        check(seed -> new FashionCnnNet(seed, DataType.FLOAT), x, y);
    }

    @Test
    void flatNormRecordsFollowALoadedCheckpoint() throws IOException {
        INDArray x = TestArrays.gaussian(BATCH, 6, 1, 0.3, 13);
        INDArray y = TestArrays.gaussian(BATCH, 2, 1, 0.3, 14);
        check(seed -> new NormModels_FlatNormsNet(seed, DataType.DOUBLE), x, y);
    }

    @Test
    void spatialNormRecordsFollowALoadedCheckpoint() throws IOException {
        INDArray x = TestArrays.gaussian(BATCH, 36, 1, 0.3, 15).reshape(BATCH, 4, 3, 3);
        INDArray y = TestArrays.oneHot(BATCH, 3, 16);
        check(seed -> new NormModels_SpatialNormsNet(seed, DataType.DOUBLE), x, y);
    }

    private void check(LongFunction<KilnNet> model, INDArray x, INDArray y) throws IOException {
        KilnNet trained = model.apply(1);
        for (int i = 0; i < 3; i++) {
            trained.trainStep(x, y, new Sgd(0.05));
        }
        Path file = dir.resolve("trained.kiln");
        trained.save(file);

        KilnNet loaded = model.apply(2);
        Checkpoint.read(file).restore(loaded);
        assertSameComputation(trained, loaded, x, y, "restored from a checkpoint");

        KilnNet assigned = model.apply(3);
        List<Parameter> parameters = assigned.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).value().assign(trained.parameters().get(i).value());
        }
        List<StateBuffer> states = assigned.stateBuffers();
        for (int i = 0; i < states.size(); i++) {
            states.get(i).value().assign(trained.stateBuffers().get(i).value());
        }
        assertSameComputation(trained, assigned, x, y, "assigned through parameters() and stateBuffers()");
    }

    /** The same forward, snapshot forward, loss, gradients and next step, to the bit; {@code expected} advances one step. */
    private static void assertSameComputation(KilnNet expected, KilnNet actual, INDArray x, INDArray y, String how) {
        assertSameBits(expected.forward(x), actual.forward(x), "forward of a model " + how);
        assertSameBits(snapshotForward(expected, x), snapshotForward(actual, x), "inference snapshot of a model " + how);
        assertEquals(expected.computeGradients(x, y), actual.computeGradients(x, y), "loss of a model " + how);
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter parameter = expected.parameters().get(i);
            assertSameBits(parameter.gradient(), actual.parameters().get(i).gradient(), parameter.name() + " gradient of a model " + how);
        }
        expected.trainStep(x, y, new Sgd(0.05));
        actual.trainStep(x, y, new Sgd(0.05));
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter parameter = expected.parameters().get(i);
            assertSameBits(parameter.value(), actual.parameters().get(i).value(), parameter.name() + " after a step of a model " + how);
        }
        for (int i = 0; i < expected.stateBuffers().size(); i++) {
            StateBuffer state = expected.stateBuffers().get(i);
            assertSameBits(state.value(), actual.stateBuffers().get(i).value(), state.layer() + "." + state.role() + " after a step of a model " + how);
        }
    }

    /** Every value the same to the bit (float32 values widen to float64 exactly). */
    private static void assertSameBits(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
                actual.castTo(DataType.DOUBLE).dup('c').data().asDouble(), what);
    }

    private static INDArray snapshotForward(KilnNet net, INDArray x) {
        try {
            Object frozen = net.getClass().getMethod("freezeForInference").invoke(net);
            return ((dev.kiln.runtime.InferenceModel) frozen).forward(x).dup();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
