package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.metrics.MetricValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link Trainer} is: epochs completed, steps done in the epoch in progress (with its running
 * sums), the settings that decide the batches (seed, shuffling, batch size, and the augmentation as
 * its description with every setting, {@code "none"} without one or in a checkpoint older than
 * augmentation) and the history so far. Saved in a checkpoint as the section {@code trainer}: the
 * settings as JSON, the history as an
 * F64 [epochs, 7] tensor (epoch, train loss, train accuracy, test loss, test accuracy, seconds,
 * skipped steps), each epoch's metrics as their names in the JSON ({@code historyMetrics}: per
 * epoch the training and the held-out names, in order) and their values, all epochs one after the
 * other, as the F64 tensor {@code historyMetricValues}; the running sums of the epoch in progress as
 * F64 [5] and its training metrics' running numbers as F64 {@code epochMetrics}. A tensor keeps every
 * number bit for bit (NaN included).
 */
@SuppressWarnings("NullAway") // the epoch table and its metric names are checked present before they are read
record TrainerState(int completedEpochs, long seed, boolean shuffle, int batchSize, String augmentation,
                    List<EpochResult> history, @Nullable EpochTotals inProgress) {
    static final String SECTION = "trainer";
    /** The augmentation of a run without one, and of checkpoints written before augmentation was recorded. */
    static final String NO_AUGMENTATION = "none";
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
        settings.put("augmentation", augmentation);
        ArrayNode metricNames = settings.putArray("historyMetrics");
        List<Double> metricValues = new ArrayList<>();
        for (EpochResult r : history) {
            ObjectNode epoch = metricNames.addObject();
            addMetrics(epoch.putArray("train"), r.trainMetrics(), metricValues);
            addMetrics(epoch.putArray("test"), r.testMetrics(), metricValues);
        }
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
        if (!metricValues.isEmpty()) {
            arrays.put("historyMetricValues",
                    Nd4j.createFromArray(metricValues.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        if (inProgress != null) {
            arrays.put("epochTotals", Nd4j.createFromArray(inProgress.toArray()));
            arrays.put("epochMetrics", Nd4j.createFromArray(inProgress.metrics));
        }
        try {
            return saver.section(SECTION, JSON.writeValueAsString(settings), arrays);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object of numbers always serializes", e);
        }
    }

    private static void addMetrics(ArrayNode names, MetricValues metrics, List<Double> values) {
        for (var entry : metrics.asMap().entrySet()) {
            names.add(entry.getKey());
            values.add(entry.getValue());
        }
    }

    /** The metrics named in {@code names}, their values read from {@code values} at {@code next[0]} on. */
    private static MetricValues readMetrics(JsonNode names, double[] values, int[] next, Object source) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (JsonNode name : names) {
            if (next[0] >= values.length) {
                throw new IllegalArgumentException(source + " has a trainer section naming more history metrics than"
                        + " it holds values for (" + values.length + ")");
            }
            metrics.put(name.asText(), values[next[0]++]);
        }
        return metrics.isEmpty() ? MetricValues.empty() : new MetricValues(metrics);
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
        JsonNode metricNames = settings.get("historyMetrics");
        if (metricNames == null || !metricNames.isArray() || metricNames.size() != table.size(0)) {
            throw new IllegalArgumentException(checkpoint.source() + " has a trainer section whose history of "
                    + table.size(0) + " epochs comes without the names of each epoch's metrics");
        }
        INDArray valueArray = section.arrays().get("historyMetricValues");
        double[] metricValues = valueArray == null ? new double[0] : valueArray.toDoubleVector();
        int[] next = {0};
        List<EpochResult> history = new ArrayList<>();
        for (int i = 0; i < table.size(0); i++) {
            JsonNode names = metricNames.get(i);
            MetricValues train = readMetrics(names.path("train"), metricValues, next, checkpoint.source());
            MetricValues test = readMetrics(names.path("test"), metricValues, next, checkpoint.source());
            history.add(new EpochResult((int) table.getDouble(i, 0), table.getDouble(i, 1), table.getDouble(i, 2),
                    table.getDouble(i, 3), table.getDouble(i, 4), table.getDouble(i, 5), (int) table.getDouble(i, 6),
                    train, test));
        }
        if (next[0] != metricValues.length) {
            throw new IllegalArgumentException(checkpoint.source() + " has a trainer section holding "
                    + metricValues.length + " history metric values for " + next[0] + " metric names");
        }
        INDArray totals = section.arrays().get("epochTotals");
        INDArray epochMetrics = section.arrays().get("epochMetrics");
        if (totals != null && epochMetrics == null) {
            throw new IllegalArgumentException(checkpoint.source() + " was saved in the middle of an epoch but holds"
                    + " no running numbers of its training metrics (epochMetrics)");
        }
        return new TrainerState(settings.get("completedEpochs").asInt(), settings.get("seed").asLong(),
                settings.get("shuffle").asBoolean(), settings.get("batchSize").asInt(),
                settings.path("augmentation").asText(NO_AUGMENTATION), history,
                totals == null ? null : EpochTotals.of(totals.toDoubleVector(), epochMetrics.toDoubleVector()));
    }
}
