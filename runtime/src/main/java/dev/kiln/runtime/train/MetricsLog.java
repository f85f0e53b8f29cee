package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes one row per training step (loss, learning rate, gradient norm) and one per epoch (the
 * epoch's metrics) to a CSV or JSON-lines file, flushed at every epoch end. Each row has a
 * {@code kind} of {@code step} or {@code epoch}; a CSV row leaves the other kind's columns empty,
 * a JSON row has only its own, with null for a NaN. A fit truncates the file, a resumed fit appends.
 * The gradient norm (the L2 norm over all gradients) costs a pass over the gradients each step;
 * {@link #gradientNorm(boolean) gradientNorm(false)} leaves it out.
 */
@SuppressWarnings("NullAway") // the writer is opened at the start of the fit, before any hook that writes
public final class MetricsLog implements TrainingListener {
    private static final String[] COLUMNS = {"kind", "epoch", "step", "update", "loss", "learning_rate", "grad_norm",
            "train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds", "skipped_steps"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final boolean csv;
    private boolean gradientNorm = true;
    private @Nullable BufferedWriter writer;

    private MetricsLog(Path file, boolean csv) {
        this.file = file;
        this.csv = csv;
    }

    public static MetricsLog csv(Path file) {
        return new MetricsLog(file, true);
    }

    public static MetricsLog jsonLines(Path file) {
        return new MetricsLog(file, false);
    }

    /** Whether step rows carry the gradient norm; on unless set. */
    public MetricsLog gradientNorm(boolean on) {
        gradientNorm = on;
        return this;
    }

    @Override
    public void onFitStart(TrainingContext context) {
        try {
            boolean append = !context.history().isEmpty() && Files.exists(file);
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (csv && !append) {
                writer.write(String.join(",", COLUMNS));
                writer.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the metrics log " + file, e);
        }
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "step");
        row.put("epoch", step.epoch());
        row.put("step", step.step());
        row.put("update", step.update());
        row.put("loss", step.loss());
        row.put("learning_rate", step.learningRate());
        row.put("grad_norm", gradientNorm && !step.skipped() ? context.gradientNorm() : Double.NaN);
        write(row);
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult result) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "epoch");
        row.put("epoch", result.epoch());
        row.put("train_loss", result.trainLoss());
        row.put("train_accuracy", result.trainAccuracy());
        row.put("test_loss", result.testLoss());
        row.put("test_accuracy", result.testAccuracy());
        row.put("seconds", result.seconds());
        row.put("skipped_steps", result.skippedSteps());
        write(row);
        flush();
    }

    @Override
    public void onFitEnd(TrainingContext context, TrainingHistory history) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the metrics log " + file, e);
        }
    }

    private void write(Map<String, Object> row) {
        try {
            if (csv) {
                writer.write(java.util.Arrays.stream(COLUMNS).map(c -> cell(row.get(c))).collect(Collectors.joining(",")));
            } else {
                ObjectNode json = JSON.createObjectNode();
                row.forEach((key, value) -> {
                    if (value instanceof Double d) {
                        if (Double.isNaN(d)) {
                            json.putNull(key);
                        } else {
                            json.put(key, d);
                        }
                    } else if (value instanceof Number n) {
                        json.put(key, n.longValue());
                    } else {
                        json.put(key, value.toString());
                    }
                });
                writer.write(JSON.writeValueAsString(json));
            }
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the metrics log " + file, e);
        }
    }

    private static String cell(@Nullable Object value) {
        if (value == null || (value instanceof Double d && Double.isNaN(d))) {
            return "";
        }
        return value.toString();
    }

    private void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the metrics log " + file, e);
        }
    }
}
