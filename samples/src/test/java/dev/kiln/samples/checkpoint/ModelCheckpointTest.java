package dev.kiln.samples.checkpoint;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.checkpoint.CheckpointFile;
import dev.kiln.runtime.checkpoint.CheckpointFormatException;
import dev.kiln.runtime.checkpoint.LoadReport;
import dev.kiln.runtime.checkpoint.SafetensorsReader;
import dev.kiln.runtime.checkpoint.StateMismatchException;
import dev.kiln.runtime.checkpoint.StoredTensor;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ReduceOnPlateau;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.preprocess.InputTransform;
import dev.kiln.runtime.preprocess.Standardize;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving and restoring generated models: everything comes back, and nothing changes when anything does not fit. */
class ModelCheckpointTest {
    private static final INDArray X = TestArrays.gaussian(8, 5, 1, 0.5, 3);
    private static final INDArray Y = TestArrays.oneHot(8, 3, 4);

    @TempDir
    Path dir;

    private static <N extends KilnNet> N trained(N net, Optimizer optimizer, int steps) {
        INDArray x = X.castTo(net.dataType());
        INDArray y = Y.castTo(net.dataType());
        for (int i = 0; i < steps; i++) {
            net.trainStep(x, y, optimizer);
        }
        return net;
    }

    private static Optimizer adam() {
        return Optimizers.adam(1e-2).schedule(Schedules.cosine(100, 0)).reduceOnPlateau(ReduceOnPlateau.defaults())
                .averageParameters(0.9);
    }

    @Test
    void weightsRunningStatisticsAndTheRandomGeneratorComeBack() throws IOException {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            CheckpointModels_SmallNet net = trained(new CheckpointModels_SmallNet(1, type), Optimizers.sgd(0.1), 5);
            Path file = dir.resolve("small-" + type + ".safetensors");
            net.save(file);
            Map<String, INDArray> saved = ModelState.copy(net);
            assertTrue(saved.keySet().containsAll(List.of("fc1.W", "bn1.runningMean", "bn1.runningVar", "rng.state")));

            CheckpointModels_SmallNet loaded = CheckpointModels_SmallNet.load(file);
            assertEquals(type, loaded.dataType());
            ModelState.assertSame(saved, ModelState.copy(loaded), "load");
            INDArray x = X.castTo(type);
            assertArrayEquals(ModelState.bits(net.forward(x)), ModelState.bits(loaded.forward(x)), "inference");
            double a = net.computeGradients(x, Y.castTo(type));
            double b = loaded.computeGradients(x, Y.castTo(type));
            assertEquals(a, b, 0, "the next training pass draws the same dropout masks");
        }
    }

    @Test
    void restoringIntoAModelThatAlreadyRanGivesItsOutputsExactly() throws IOException {
        CheckpointModels_SmallNet net = trained(new CheckpointModels_SmallNet(1, DataType.DOUBLE), Optimizers.sgd(0.1), 4);
        Path file = dir.resolve("small.safetensors");
        net.save(file);
        INDArray expected = net.forward(X).dup();
        CheckpointModels_SmallNet other = trained(new CheckpointModels_SmallNet(2, DataType.DOUBLE), Optimizers.sgd(0.3), 3);
        other.forward(X);
        other.restore(file);
        assertArrayEquals(ModelState.bits(expected), ModelState.bits(other.forward(X)),
                "inference after restoring into a model that had folded its own statistics");
    }

    @Test
    void optimizerAndInputTransformComeBackWithTheModel() throws IOException {
        Optimizer optimizer = adam();
        CheckpointModels_SmallNet net = trained(new CheckpointModels_SmallNet(1, DataType.DOUBLE), optimizer, 6);
        InputTransform standardize = new Standardize();
        standardize.fit(X);
        Path file = dir.resolve("all.safetensors");
        Checkpoint.of(net).optimizer(optimizer).inputTransform(standardize).save(file);

        Checkpoint checkpoint = Checkpoint.read(file);
        assertEquals(CheckpointModels_SmallNet.class.getName(), checkpoint.modelClass());
        assertEquals(optimizer.toString(), checkpoint.optimizerDescription());
        CheckpointModels_SmallNet resumed = new CheckpointModels_SmallNet(9, DataType.DOUBLE);
        Optimizer resumedOptimizer = adam();
        checkpoint.restore(resumed, resumedOptimizer);
        assertEquals(6, resumedOptimizer.stepCount());
        assertArrayEquals(ModelState.bits(standardize.transform(X)),
                ModelState.bits(checkpoint.inputTransform().orElseThrow().transform(X)));
        trained(net, optimizer, 3);
        trained(resumed, resumedOptimizer, 3);
        ModelState.assertSame(ModelState.copy(net), ModelState.copy(resumed), "three more steps");
        Map<String, INDArray> a = optimizer.saveState();
        Map<String, INDArray> b = resumedOptimizer.saveState();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((key, value) -> assertArrayEquals(ModelState.bits(value), ModelState.bits(b.get(key)), key));
    }

    /** Asserts that {@code load} throws {@code type} and leaves the model (and optimizer) exactly as they were. */
    private static <E extends Exception> E refusedUnchanged(KilnNet net, Optimizer optimizer, Class<E> type,
                                                            org.junit.jupiter.api.function.Executable load) {
        Map<String, INDArray> before = ModelState.copy(net);
        Map<String, INDArray> optimizerBefore = optimizer == null ? null : optimizer.saveState();
        E e = assertThrows(type, load);
        ModelState.assertSame(before, ModelState.copy(net), "after the refused load");
        if (optimizer != null) {
            Map<String, INDArray> after = optimizer.saveState();
            assertEquals(optimizerBefore.keySet(), after.keySet());
            optimizerBefore.forEach((key, value) -> assertArrayEquals(ModelState.bits(value), ModelState.bits(after.get(key)), key));
        }
        return e;
    }

    @Test
    void anotherModelClassIsRefusedByName() throws IOException {
        Path file = dir.resolve("small.safetensors");
        new CheckpointModels_SmallNet(1).save(file);
        CheckpointModels_WiderNet wider = new CheckpointModels_WiderNet(2);
        StateMismatchException e = refusedUnchanged(wider, null, StateMismatchException.class, () -> wider.restore(file));
        assertTrue(e.getMessage().contains("holds a " + CheckpointModels_SmallNet.class.getName() + ", not a " + CheckpointModels_WiderNet.class.getName()),
                e.getMessage());
        assertTrue(e.getMessage().contains("Checkpoint.loadMatching"), e.getMessage());
    }

    /** Rewrites the checkpoint at {@code file} with changed metadata and tensors (as a valid, checksummed file). */
    private static void rewrite(Path file, Map<String, String> metadata, java.util.function.Consumer<Map<String, StoredTensor>> edit)
            throws IOException {
        SafetensorsReader.Contents contents = CheckpointFile.read(file);
        Map<String, String> changed = new LinkedHashMap<>(contents.metadata());
        changed.putAll(metadata);
        Map<String, StoredTensor> tensors = new LinkedHashMap<>(contents.tensors());
        edit.accept(tensors);
        CheckpointFile.write(file, changed, new ArrayList<>(tensors.values()));
    }

    @Test
    void anotherGraphIsRefusedWithTheLinesThatDiffer() throws IOException {
        Path file = dir.resolve("small.safetensors");
        new CheckpointModels_SmallNet(1).save(file);
        String graph = Checkpoint.read(file).metadata().get("graph").replace("Dense 5 -> 6,", "Dense 5 -> 6, tanh,");
        rewrite(file, Map.of("graph_fingerprint", "0".repeat(64), "graph", graph), tensors -> { });
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(2);
        StateMismatchException e = refusedUnchanged(net, null, StateMismatchException.class, () -> net.restore(file));
        assertTrue(e.getMessage().contains("another version of Small"), e.getMessage());
        assertTrue(e.getMessage().contains("saved: 0 fc1 Dense <- [-1]: Dense 5 -> 6, tanh, no bias -> [n,6] | model: 0 fc1 Dense"
                + " <- [-1]: Dense 5 -> 6, no bias -> [n,6]"), e.getMessage());
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreAllListed() throws IOException {
        Path file = dir.resolve("small.safetensors");
        new CheckpointModels_SmallNet(1).save(file);
        rewrite(file, Map.of(), tensors -> {
            tensors.remove("logits.b");
            tensors.put("extra.W", StoredTensor.of("extra.W", Nd4j.zeros(DataType.FLOAT, 2, 2)));
            tensors.put("fc1.W", StoredTensor.of("fc1.W", Nd4j.zeros(DataType.FLOAT, 5, 7)));
        });
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(2);
        StateMismatchException e = refusedUnchanged(net, null, StateMismatchException.class, () -> net.restore(file));
        LoadReport report = e.report();
        assertEquals(List.of("logits.b"), report.missing());
        assertEquals(List.of("extra.W"), report.unexpected());
        assertEquals(List.of("fc1.W: checkpoint F32 [5, 7], model F32 [5, 6]"), report.mismatched());
        assertTrue(e.getMessage().contains("1 missing from the checkpoint: [logits.b]"), e.getMessage());
    }

    @Test
    void anotherDataTypeIsRefused() throws IOException {
        Path file = dir.resolve("double.safetensors");
        new CheckpointModels_SmallNet(1, DataType.DOUBLE).save(file);
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(2, DataType.FLOAT);
        StateMismatchException e = refusedUnchanged(net, null, StateMismatchException.class, () -> net.restore(file));
        assertTrue(e.getMessage().contains("holds F64 tensors but Small computes in FLOAT"), e.getMessage());
    }

    @Test
    void anOptimizerOfAnotherConfigurationLeavesModelAndOptimizerAsTheyWere() throws IOException {
        Optimizer saved = adam();
        CheckpointModels_SmallNet net = trained(new CheckpointModels_SmallNet(1, DataType.DOUBLE), saved, 3);
        Path file = dir.resolve("adam.safetensors");
        Checkpoint.of(net).optimizer(saved).save(file);
        CheckpointModels_SmallNet target = new CheckpointModels_SmallNet(2, DataType.DOUBLE);
        Optimizer momentum = Optimizers.momentum(0.1);
        trained(target, momentum, 2);
        StateMismatchException e = refusedUnchanged(target, momentum, StateMismatchException.class,
                () -> Checkpoint.read(file).restore(target, momentum));
        assertTrue(e.getMessage().contains("which cannot continue as " + momentum), e.getMessage());

        Optimizer sameConfiguration = adam();
        trained(target, sameConfiguration, 2);
        rewrite(file, Map.of(), tensors -> tensors.put("optimizer/fc1.W/adam.m",
                StoredTensor.of("optimizer/fc1.W/adam.m", Nd4j.zeros(DataType.DOUBLE, 6, 5))));
        e = refusedUnchanged(target, sameConfiguration, StateMismatchException.class,
                () -> Checkpoint.read(file).restore(target, sameConfiguration));
        assertTrue(e.getMessage().contains("fc1.W/adam.m is F64 [6, 5] but its parameter is F64 [5, 6]"), e.getMessage());
    }

    @Test
    void aDamagedFileIsRefusedAndChangesNothing() throws IOException {
        Path file = dir.resolve("small.safetensors");
        trained(new CheckpointModels_SmallNet(1), Optimizers.sgd(0.1), 2).save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x10;
        Files.write(file, bytes);
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(2);
        CheckpointFormatException e = refusedUnchanged(net, null, CheckpointFormatException.class, () -> net.restore(file));
        assertTrue(e.getMessage().contains("is damaged: tensor"), e.getMessage());
        assertThrows(CheckpointFormatException.class, () -> CheckpointModels_SmallNet.load(file));
    }
}
