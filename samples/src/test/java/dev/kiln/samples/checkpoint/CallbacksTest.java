package dev.kiln.samples.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.train.CheckpointSaver;
import dev.kiln.runtime.train.EarlyStopping;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.MetricsLog;
import dev.kiln.runtime.train.Monitor;
import dev.kiln.runtime.train.StepResult;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingContext;
import dev.kiln.runtime.train.TrainingCurves;
import dev.kiln.runtime.train.TrainingHistory;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's listener hooks and the built-in listeners: checkpoints, early stopping, metrics log, curves. */
class CallbacksTest {
    private static final Dataset TRAIN = new Dataset(TestArrays.gaussian(60, 5, 1, 0.3, 1), TestArrays.oneHot(60, 3, 2));
    private static final Dataset TEST = new Dataset(TestArrays.gaussian(20, 5, 1, 0.3, 3), TestArrays.oneHot(20, 3, 4));

    @TempDir
    Path dir;

    private static Trainer trainer(CheckpointModels_SmallNet net, int epochs) {
        return Trainer.of(net).optimizer(Optimizers.sgd(0.1)).epochs(epochs).batchSize(16).seed(5).progress(false);
    }

    @Test
    void listenersHearEveryEventInOrder() {
        List<String> events = new ArrayList<>();
        trainer(new CheckpointModels_SmallNet(1, DataType.DOUBLE), 2).listener(new TrainingListener() {
            @Override
            public void onFitStart(TrainingContext context) {
                events.add("fit start");
            }

            @Override
            public void onEpochStart(TrainingContext context, int epoch) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onStep(TrainingContext context, StepResult step) {
                events.add("step " + step.epoch() + "." + step.step() + "/" + step.stepsPerEpoch() + " update " + step.update());
            }

            @Override
            public void onEvaluation(TrainingContext context, int epoch, Evaluation heldOut) {
                events.add("evaluation " + epoch + " of " + heldOut.examples());
            }

            @Override
            public void onEpochEnd(TrainingContext context, EpochResult result) {
                events.add("epoch end " + result.epoch() + ", history " + context.history().size());
            }

            @Override
            public void onFitEnd(TrainingContext context, TrainingHistory history) {
                events.add("fit end " + history.size());
            }
        }).fit(TRAIN, TEST);
        assertEquals(List.of("fit start", "epoch 1", "step 1.1/4 update 1", "step 1.2/4 update 2", "step 1.3/4 update 3",
                "step 1.4/4 update 4", "evaluation 1 of 20", "epoch end 1, history 1", "epoch 2", "step 2.1/4 update 5",
                "step 2.2/4 update 6", "step 2.3/4 update 7", "step 2.4/4 update 8", "evaluation 2 of 20",
                "epoch end 2, history 2", "fit end 2"), events);
    }

    @Test
    void checkpointsEveryEpochKeepTheLastKAndTheBest() throws IOException {
        List<Double> accuracies = new ArrayList<>();
        CheckpointSaver saver = CheckpointSaver.in(dir).everyEpochs(1).keepLast(2).best(Monitor.TEST_ACCURACY);
        TrainingHistory history = trainer(new CheckpointModels_SmallNet(1, DataType.DOUBLE), 5).listener(saver).fit(TRAIN, TEST);
        history.epochs().forEach(r -> accuracies.add(r.testAccuracy()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("best.safetensors", "epoch-0004-end.safetensors", "epoch-0005-end.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        int bestEpoch = 1;
        for (int i = 1; i < accuracies.size(); i++) {
            if (accuracies.get(i) > accuracies.get(bestEpoch - 1)) {
                bestEpoch = i + 1;
            }
        }
        String trainer = Checkpoint.read(dir.resolve("best.safetensors")).section("trainer").orElseThrow().value();
        assertTrue(trainer.contains("\"completedEpochs\":" + bestEpoch), trainer + " for accuracies " + accuracies);
    }

    @Test
    void checkpointsEveryNStepsNameTheStepWithinItsEpoch() throws IOException {
        trainer(new CheckpointModels_SmallNet(1, DataType.DOUBLE), 2).listener(CheckpointSaver.in(dir).everySteps(3)).fit(TRAIN);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("epoch-0001-step-000003.safetensors", "epoch-0002-step-000002.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        String trainer = Checkpoint.read(dir.resolve("epoch-0002-step-000002.safetensors")).section("trainer")
                .orElseThrow().value();
        assertTrue(trainer.contains("\"completedEpochs\":1,\"stepsInEpoch\":2"), trainer);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpochsWeights() {
        List<Map<String, INDArray>> states = new ArrayList<>();
        CheckpointModels_SmallNet net = new CheckpointModels_SmallNet(1, DataType.DOUBLE);
        EarlyStopping stopping = EarlyStopping.on(Monitor.TRAIN_LOSS).patience(1).minDelta(10);
        TrainingHistory history = trainer(net, 10).listener(new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext context, EpochResult result) {
                states.add(ModelState.copy(context.net()));
            }
        }).listener(stopping).fit(TRAIN);
        // No epoch improves on the first by more than 10: epochs 2 and 3 exhaust a patience of 1.
        assertEquals(3, history.size());
        assertEquals(1, stopping.bestEpoch());
        ModelState.assertSame(states.get(0), ModelState.copy(net), "the best epoch's weights are back");

        CheckpointModels_SmallNet improving = new CheckpointModels_SmallNet(1, DataType.DOUBLE);
        EarlyStopping patient = EarlyStopping.on(Monitor.TRAIN_LOSS).patience(2);
        assertEquals(4, trainer(improving, 4).listener(patient).fit(TRAIN).size(), "an improving run is not stopped");
    }

    @Test
    void theMetricsLogHasARowPerStepAndPerEpochInCsvAndJsonLines() throws IOException {
        List<StepResult> steps = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        Path csv = dir.resolve("metrics.csv");
        Path json = dir.resolve("metrics.jsonl");
        TrainingHistory history = trainer(new CheckpointModels_SmallNet(1, DataType.DOUBLE), 2).listener(new TrainingListener() {
            @Override
            public void onStep(TrainingContext context, StepResult step) {
                steps.add(step);
                norms.add(context.gradientNorm());
            }
        }).listener(MetricsLog.csv(csv)).listener(MetricsLog.jsonLines(json)).fit(TRAIN);

        List<String> rows = Files.readAllLines(csv);
        assertEquals("kind,epoch,step,update,loss,learning_rate,grad_norm,train_loss,train_accuracy,test_loss,test_accuracy,"
                + "seconds,skipped_steps", rows.get(0));
        assertEquals(1 + 8 + 2, rows.size());
        StepResult first = steps.get(0);
        assertEquals("step,1,1,1," + first.loss() + ",0.1," + norms.get(0) + ",,,,,,", rows.get(1));
        EpochResult epoch = history.epochs().get(0);
        assertEquals("epoch,1,,,,,," + epoch.trainLoss() + "," + epoch.trainAccuracy() + ",,," + epoch.seconds() + ",0",
                rows.get(5));

        List<String> lines = Files.readAllLines(json);
        assertEquals(10, lines.size());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode step = mapper.readTree(lines.get(1));
        assertEquals("step", step.get("kind").asText());
        assertEquals(steps.get(1).loss(), step.get("loss").asDouble(), 0);
        assertEquals(norms.get(1), step.get("grad_norm").asDouble(), 0);
        JsonNode end = mapper.readTree(lines.get(4));
        assertEquals("epoch", end.get("kind").asText());
        assertTrue(end.get("test_loss").isNull(), "no held-out data: null, not NaN");
        assertEquals(epoch.trainAccuracy(), end.get("train_accuracy").asDouble(), 0);
    }

    @Test
    void trainingCurvesArePngFilesWrittenAtTheEndOfTheFit() throws IOException {
        TrainingCurves curves = TrainingCurves.to(dir.resolve("plots/small"));
        trainer(new CheckpointModels_SmallNet(1, DataType.DOUBLE), 3).listener(curves).fit(TRAIN, TEST);
        assertEquals(List.of(dir.resolve("plots/small-loss.png"), dir.resolve("plots/small-accuracy.png")), curves.files());
        for (Path file : curves.files()) {
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(900, image.getWidth(), file.toString());
            assertEquals(550, image.getHeight(), file.toString());
        }
    }
}
