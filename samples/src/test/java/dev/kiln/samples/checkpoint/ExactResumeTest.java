package dev.kiln.samples.checkpoint;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.augment.Augment;
import dev.kiln.runtime.data.augment.Augmentation;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ReduceOnPlateau;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.StepResult;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingContext;
import dev.kiln.runtime.train.TrainingHistory;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N epochs, a checkpoint, and a resume for M more give bit for bit what N + M epochs in one go give:
 * with batch norm, dropout, shuffling, a step schedule (warm-up) inside an epoch schedule (step decay),
 * reduce-on-plateau and a parameter average, in float32 and float64, resumed at an epoch's end or in
 * the middle of an epoch, and with augmentation (mixup and label smoothing, whose draws come from the
 * trainer's seed, the epoch and the batch).
 */
class ExactResumeTest {
    private static final int TOTAL = 5;
    private static final int BATCH = 16;
    private static final long SEED = 11;

    @TempDir
    Path dir;

    private static Dataset data(DataType type, int n, long seed) {
        return new Dataset(TestArrays.gaussian(n, 5, 1, 0.3, seed).castTo(type), TestArrays.oneHot(n, 3, seed + 1).castTo(type));
    }

    private static Optimizer optimizer() {
        return Optimizers.adam(3e-2).schedule(Schedules.warmup(7, Schedules.step(1, 0.7)))
                .reduceOnPlateau(ReduceOnPlateau.defaults().patience(0).factor(0.5).threshold(0.5)).averageParameters(0.9);
    }

    /** Mixup and label smoothing: steps that need no images, so they apply to SmallNet's [n, 5] features. */
    private static final Augmentation AUGMENTATION = Augment.mixup(0.4).then(Augment.labelSmoothing(0.1));

    private static Trainer trainer(CheckpointModels_SmallNet net, Optimizer optimizer, int epochs) {
        return Trainer.of(net).optimizer(optimizer).epochs(epochs).batchSize(BATCH).seed(SEED).progress(false)
                .evaluateWithAverage(true);
    }

    private static Trainer trainer(CheckpointModels_SmallNet net, Optimizer optimizer, int epochs, boolean augmented) {
        Trainer trainer = trainer(net, optimizer, epochs);
        return augmented ? trainer.augment(AUGMENTATION) : trainer;
    }

    /** Saves a checkpoint at step {@code step} of epoch {@code epoch}, or at the epoch's end for step 0. */
    private static TrainingListener saveAt(int epoch, int step, Path file) {
        return new TrainingListener() {
            @Override
            public void onStep(TrainingContext context, StepResult result) {
                if (step > 0 && result.epoch() == epoch && result.step() == step) {
                    save(context);
                }
            }

            @Override
            public void onEpochEnd(TrainingContext context, EpochResult result) {
                if (step == 0 && result.epoch() == epoch) {
                    save(context);
                }
            }

            private void save(TrainingContext context) {
                try {
                    context.saveCheckpoint(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT/2/0", "DOUBLE/2/0", "FLOAT/3/4", "DOUBLE/1/7", "FLOAT/2/0/augmented",
        "DOUBLE/3/4/augmented"})
    void resumingGivesTheUninterruptedRunBitForBit(String setting) throws IOException {
        String[] parts = setting.split("/");
        DataType type = DataType.valueOf(parts[0]);
        int epoch = Integer.parseInt(parts[1]);
        int step = Integer.parseInt(parts[2]);
        boolean augmented = parts.length > 3;
        Dataset train = data(type, 120, 1);
        Dataset test = data(type, 40, 2);
        Path file = dir.resolve("run.safetensors");

        CheckpointModels_SmallNet straight = new CheckpointModels_SmallNet(3, type);
        Optimizer straightOptimizer = optimizer();
        TrainingHistory whole = trainer(straight, straightOptimizer, TOTAL, augmented).listener(saveAt(epoch, step, file))
                .fit(train, test);

        CheckpointModels_SmallNet resumed = new CheckpointModels_SmallNet(99, type);
        Optimizer resumedOptimizer = optimizer();
        List<Integer> epochsRun = new ArrayList<>();
        List<Integer> firstSteps = new ArrayList<>();
        TrainingHistory rest = trainer(resumed, resumedOptimizer, TOTAL, augmented).resumeFrom(file).listener(new TrainingListener() {
            @Override
            public void onEpochStart(TrainingContext context, int e) {
                epochsRun.add(e);
            }

            @Override
            public void onStep(TrainingContext context, StepResult result) {
                if (firstSteps.isEmpty()) {
                    firstSteps.add(result.step());
                }
            }
        }).fit(train, test);

        int firstEpoch = step == 0 ? epoch + 1 : epoch;
        assertEquals(firstEpoch, epochsRun.get(0), "epoch numbers continue");
        assertEquals(step + 1, firstSteps.get(0), "the resumed epoch continues at the next step");
        ModelState.assertSame(ModelState.copy(straight), ModelState.copy(resumed), setting + " model");
        Map<String, INDArray> a = straightOptimizer.saveState();
        Map<String, INDArray> b = resumedOptimizer.saveState();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((key, value) -> assertArrayEquals(ModelState.bits(value), ModelState.bits(b.get(key)), setting + " " + key));
        assertEquals(TOTAL, rest.size());
        for (int i = 0; i < TOTAL; i++) {
            assertEquals(withoutTime(whole.epochs().get(i)), withoutTime(rest.epochs().get(i)), setting + " epoch " + (i + 1));
        }
        assertTrue(a.get("plateau.multiplier").getDouble(0) < 1, "the plateau reduced the rate: " + a.get("plateau.multiplier"));
        if (augmented) {
            TrainingHistory plain = trainer(new CheckpointModels_SmallNet(3, type), optimizer(), TOTAL).fit(train, test);
            assertNotEquals(plain.epochs().get(0).trainLoss(), whole.epochs().get(0).trainLoss(),
                    "the augmentation changed what the model trained on");
        }
    }

    @Test
    void aResumeWithAnotherAugmentationIsRefusedBeforeAnythingChanges() throws IOException {
        Dataset train = data(DataType.DOUBLE, 48, 1);
        Path file = dir.resolve("augmented.safetensors");
        trainer(new CheckpointModels_SmallNet(3, DataType.DOUBLE), optimizer(), 1, true).listener(saveAt(1, 0, file)).fit(train);
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(4, DataType.DOUBLE);
        Map<String, INDArray> before = ModelState.copy(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(net, optimizer(), 3)
                .augment(Augment.mixup(0.2)).resumeFrom(file).fit(train));
        assertTrue(e.getMessage().contains("was saved by a run with augmentation mixup(0.4) then labelSmoothing(0.1); this"
                + " trainer has mixup(0.2)"), e.getMessage());
        ModelState.assertSame(before, ModelState.copy(net), "after the refused resume");
        e = assertThrows(IllegalArgumentException.class, () -> trainer(net, optimizer(), 3).resumeFrom(file).fit(train));
        assertTrue(e.getMessage().contains("this trainer has none"), e.getMessage());
    }

    private static EpochResult withoutTime(EpochResult r) {
        return new EpochResult(r.epoch(), r.trainLoss(), r.trainAccuracy(), r.testLoss(), r.testAccuracy(), 0, r.skippedSteps(),
                r.trainMetrics(), r.testMetrics());
    }

    @Test
    void theShuffleOrderOfAResumedEpochIsThatEpochsNotTheFirsts() throws IOException {
        Dataset train = data(DataType.DOUBLE, 48, 1);
        Path file = dir.resolve("one.safetensors");
        List<Double> firstLosses = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(TrainingContext context, StepResult result) {
                firstLosses.add(result.loss());
            }
        };
        trainer(new CheckpointModels_SmallNet(3, DataType.DOUBLE), optimizer(), 1).listener(saveAt(1, 0, file)).fit(train);
        // A resumed epoch 2 and a fresh epoch 1 from the same weights and generator state see different
        // batches: the first step's loss (computed before any update) tells them apart.
        CheckpointModels_SmallNet fresh = new CheckpointModels_SmallNet(3, DataType.DOUBLE);
        fresh.restore(file);
        trainer(new CheckpointModels_SmallNet(3, DataType.DOUBLE), optimizer(), 2).resumeFrom(file).listener(record).fit(train);
        List<Double> resumedOrder = new ArrayList<>(firstLosses);
        firstLosses.clear();
        Trainer.of(fresh).optimizer(optimizer()).epochs(1).batchSize(BATCH).seed(SEED).progress(false).listener(record)
                .fit(train);
        assertEquals(3, resumedOrder.size());
        assertNotEquals(firstLosses.get(0), resumedOrder.get(0), "epoch 2 does not revisit epoch 1's first batch");
    }

    @Test
    void aResumeWithOtherBatchSettingsIsRefusedBeforeAnythingChanges() throws IOException {
        Dataset train = data(DataType.DOUBLE, 48, 1);
        Path file = dir.resolve("run.safetensors");
        trainer(new CheckpointModels_SmallNet(3, DataType.DOUBLE), optimizer(), 1).listener(saveAt(1, 0, file)).fit(train);
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(4, DataType.DOUBLE);
        Map<String, INDArray> before = ModelState.copy(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(net).optimizer(optimizer())
                .epochs(3).batchSize(8).seed(SEED).progress(false).resumeFrom(file).fit(train));
        assertTrue(e.getMessage().contains("batch size 16; this trainer has seed 11, shuffle true, batch size 8"), e.getMessage());
        ModelState.assertSame(before, ModelState.copy(net), "after the refused resume");
        e = assertThrows(IllegalArgumentException.class, () -> trainer(net, optimizer(), 1).resumeFrom(file).fit(train));
        assertTrue(e.getMessage().contains("1 epochs done already"), e.getMessage());
    }
}
