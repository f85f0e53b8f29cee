package dev.kiln.runtime.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.runtime.checkpoint.Checkpoint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link Trainer} is: epochs completed, steps done in the epoch in progress (with its running
 * sums), the settings that decide the batch order (seed, shuffling, batch size) and the history so
 * far. Saved in a checkpoint as the section {@code trainer}: the settings as JSON, the history as an
 * F64 [epochs, 7] tensor (epoch, train loss, train accuracy, test loss, test accuracy, seconds,
 * skipped steps) and the running sums as F64 [6], so every number returns bit for bit.
 */
record TrainerState(int completedEpochs, long seed, boolean shuffle, int batchSize, List<EpochResult> history,
                    EpochTotals inProgress) {
    static final String SECTION = "trainer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COLUMNS = 7;

    TrainerState {
        history = List.copyOf(history);
    }

    Checkpoint.Saver addTo(Checkpoint.Saver saver) {
        ObjectNode settings = JSON.createObjectNode();
        settings.put("completedEpochs", completedEpochs);
        settings.put("stepsInEpoch", inProgress == null ? 0 : inProgress.steps);
        settings.put("seed", seed);
        settings.put("shuffle", shuffle);
        settings.put("batchSize", batchSize);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        INDArray table = Nd4j.create(DataType.DOUBLE, history.size(), COLUMNS);
        for (int i = 0; i < history.size(); i++) {
            EpochResult r = history.get(i);
            double[] row = {r.epoch(), r.trainLoss(), r.trainAccuracy(), r.testLoss(), r.testAccuracy(), r.seconds(),
                    r.skippedSteps()};
            for (int j = 0; j < COLUMNS; j++) {
                table.putScalar(i, j, row[j]);
            }
        }
        arrays.put("history", table);
        if (inProgress != null) {
            arrays.put("epochTotals", Nd4j.createFromArray(inProgress.toArray()));
        }
        try {
            return saver.section(SECTION, JSON.writeValueAsString(settings), arrays);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object of numbers always serializes", e);
        }
    }

    /** The trainer state saved in {@code checkpoint}, or an error saying there is none. */
    static TrainerState of(Checkpoint checkpoint) {
        Checkpoint.Section section = checkpoint.section(SECTION).orElseThrow(() -> new IllegalArgumentException(
                checkpoint.source() + " holds no trainer state; it was saved without a Trainer (e.g. net.save), so"
                        + " there is nothing to resume: restore the model with net.restore(path) and train anew"));
        JsonNode settings;
        try {
            settings = JSON.readTree(section.value());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(checkpoint.source() + " has an unreadable trainer section: "
                    + e.getOriginalMessage(), e);
        }
        INDArray table = section.arrays().get("history");
        List<EpochResult> history = new ArrayList<>();
        for (int i = 0; i < table.size(0); i++) {
            history.add(new EpochResult((int) table.getDouble(i, 0), table.getDouble(i, 1), table.getDouble(i, 2),
                    table.getDouble(i, 3), table.getDouble(i, 4), table.getDouble(i, 5), (int) table.getDouble(i, 6)));
        }
        INDArray totals = section.arrays().get("epochTotals");
        return new TrainerState(settings.get("completedEpochs").asInt(), settings.get("seed").asLong(),
                settings.get("shuffle").asBoolean(), settings.get("batchSize").asInt(), history,
                totals == null ? null : EpochTotals.of(totals.toDoubleVector()));
    }
}
