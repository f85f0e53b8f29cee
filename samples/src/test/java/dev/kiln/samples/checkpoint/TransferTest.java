package dev.kiln.samples.checkpoint;

import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.checkpoint.LoadReport;
import dev.kiln.runtime.checkpoint.MatchOptions;
import dev.kiln.runtime.checkpoint.StateMismatchException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ParameterGroup;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading a checkpoint into another model by name, freezing layers, fine-tuning. */
class TransferTest {
    private static final Dataset TRAIN = new Dataset(TestArrays.gaussian(60, 5, 1, 0.3, 1), TestArrays.oneHot(60, 3, 2));

    @TempDir
    Path dir;
    private Path file;
    private Map<String, INDArray> source;

    @BeforeEach
    void trainTheSource() throws IOException {
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(1, DataType.DOUBLE);
        Trainer.of(net).optimizer(Optimizers.sgd(0.1)).epochs(2).batchSize(16).progress(false).fit(TRAIN);
        file = dir.resolve("source.safetensors");
        net.save(file);
        source = ModelState.copy(net);
    }

    @Test
    void sharedLayersLoadByNameAndTheRestIsReported() throws IOException {
        CheckpointModels_RenamedNet target = new CheckpointModels_RenamedNet(7, DataType.DOUBLE);
        INDArray head = target.headW.dup();
        LoadReport report = Checkpoint.read(file).loadMatching(target, MatchOptions.nonStrict());
        assertEquals(List.of("fc1.W", "bn1.gamma", "bn1.beta", "bn1.runningMean", "bn1.runningVar"), report.loaded());
        assertEquals(List.of("head.W", "head.b"), report.missing());
        assertEquals(List.of("logits.W", "logits.b", "rng.state"), report.unexpected());
        assertFalse(report.exact());
        assertArrayEquals(ModelState.bits(source.get("fc1.W")), ModelState.bits(target.fc1W));
        assertArrayEquals(ModelState.bits(source.get("bn1.runningVar")), ModelState.bits(target.bn1RunningVar));
        assertArrayEquals(ModelState.bits(head), ModelState.bits(target.headW), "the new head keeps its own initialization");
    }

    @Test
    void strictLoadingIntoAnotherModelIsRefusedWithTheReportAndChangesNothing() throws IOException {
        CheckpointModels_RenamedNet target = new CheckpointModels_RenamedNet(7, DataType.DOUBLE);
        Map<String, INDArray> before = ModelState.copy(target);
        StateMismatchException e = assertThrows(StateMismatchException.class,
                () -> Checkpoint.read(file).loadMatching(target, MatchOptions.strict()));
        assertEquals(List.of("head.W", "head.b"), e.report().missing());
        ModelState.assertSame(before, ModelState.copy(target), "after the refused load");
        LoadReport subset = Checkpoint.read(file).loadMatching(target, MatchOptions.strict().only("fc1", "bn1"));
        assertTrue(subset.exact(), subset.toString());
        assertEquals(5, subset.loaded().size());
    }

    @Test
    void aChangedShapeIsAnErrorUntilItsLayerIsSkipped() throws IOException {
        CheckpointModels_WiderNet wider = new CheckpointModels_WiderNet(7, DataType.DOUBLE);
        Map<String, INDArray> before = ModelState.copy(wider);
        StateMismatchException e = assertThrows(StateMismatchException.class,
                () -> Checkpoint.read(file).loadMatching(wider, MatchOptions.nonStrict()));
        assertTrue(e.getMessage().contains("fc1.W: checkpoint F64 [5, 6], model F64 [5, 7]"), e.getMessage());
        assertTrue(e.getMessage().contains("skip(...)"), e.getMessage());
        ModelState.assertSame(before, ModelState.copy(wider), "after the refused load");
        LoadReport report = Checkpoint.read(file).loadMatching(wider, MatchOptions.nonStrict().skip("fc1", "bn1", "logits"));
        assertEquals(List.of("rng.state"), report.loaded());
    }

    @Test
    void frozenLayersStayAsLoadedWhileTheHeadFineTunes() throws IOException {
        CheckpointModels_RenamedNet target = new CheckpointModels_RenamedNet(7, DataType.DOUBLE);
        Checkpoint.read(file).loadMatching(target, MatchOptions.nonStrict());
        INDArray head = target.headW.dup();
        Trainer.of(target).optimizer(Optimizers.adam(1e-2).group(ParameterGroup.layerKinds(target.graph(), "Dense")
                        .frozen()).group(ParameterGroup.layers("head").learningRateScale(1)))
                .epochs(1).batchSize(16).progress(false).fit(TRAIN);
        // layerKinds froze fc1 and head; the later group only rescales head's rate, so both stay.
        assertArrayEquals(ModelState.bits(source.get("fc1.W")), ModelState.bits(target.fc1W));
        assertArrayEquals(ModelState.bits(head), ModelState.bits(target.headW));

        CheckpointModels_RenamedNet tuned = new CheckpointModels_RenamedNet(7, DataType.DOUBLE);
        Checkpoint.read(file).loadMatching(tuned, MatchOptions.nonStrict());
        Trainer.of(tuned).optimizer(Optimizers.adam(1e-2).group(ParameterGroup.layers("fc1", "bn1").frozen()))
                .epochs(1).batchSize(16).progress(false).fit(TRAIN);
        assertArrayEquals(ModelState.bits(source.get("fc1.W")), ModelState.bits(tuned.fc1W), "frozen by name");
        assertArrayEquals(ModelState.bits(source.get("bn1.gamma")), ModelState.bits(tuned.bn1Gamma));
        assertFalse(java.util.Arrays.equals(ModelState.bits(head), ModelState.bits(tuned.headW)), "the head trained");
        assertThrows(IllegalArgumentException.class, () -> ParameterGroup.layerKinds(tuned.graph(), "Conv2d"));
    }
}
