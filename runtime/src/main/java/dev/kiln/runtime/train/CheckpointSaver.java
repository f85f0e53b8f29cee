package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Saves resumable checkpoints (model, optimizer, trainer state) into a directory while a fit runs:
 * every N steps as {@code epoch-0003-step-000120.safetensors} (step within the epoch) and/or every
 * N epochs as {@code epoch-0003-end.safetensors}, keeping the
 * last K of those, and {@code best.safetensors} whenever the monitored metric improves. Each save
 * is atomic, so a crash leaves the previous files whole.
 * {@code CheckpointSaver.in(dir).everyEpochs(1).keepLast(3).best(Monitor.TEST_ACCURACY)}.
 */
public final class CheckpointSaver implements TrainingListener {
    public static final String BEST = "best.safetensors";

    private final Path directory;
    private int everySteps;
    private int everyEpochs;
    private int keepLast = Integer.MAX_VALUE;
    private @Nullable Monitor monitor;
    private double bestValue = Double.NaN;
    private final Deque<Path> kept = new ArrayDeque<>();

    private CheckpointSaver(Path directory) {
        this.directory = directory;
    }

    public static CheckpointSaver in(Path directory) {
        return new CheckpointSaver(directory);
    }

    /** Saves after every {@code n}-th step of the fit (steps counted across epochs). */
    public CheckpointSaver everySteps(int n) {
        everySteps = positive("steps", n);
        return this;
    }

    /** Saves at the end of every {@code n}-th epoch. */
    public CheckpointSaver everyEpochs(int n) {
        everyEpochs = positive("epochs", n);
        return this;
    }

    /** Keeps only the {@code k} most recent periodic checkpoints (the best one is kept apart); all unless set. */
    public CheckpointSaver keepLast(int k) {
        keepLast = positive("kept checkpoints", k);
        return this;
    }

    /** Also saves {@code best.safetensors} at every epoch end where {@code metric} improves. */
    public CheckpointSaver best(Monitor metric) {
        monitor = metric;
        return this;
    }

    private static int positive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
        return n;
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) {
        long global = (long) (step.epoch() - 1) * step.stepsPerEpoch() + step.step();
        if (everySteps > 0 && global % everySteps == 0) {
            periodic(context, step.epoch(), step.step());
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult result) {
        if (everyEpochs > 0 && result.epoch() % everyEpochs == 0) {
            periodic(context, result.epoch(), -1);
        }
        if (monitor != null) {
            double value = monitor.value(result);
            if (monitor.improves(value, bestValue, 0)) {
                bestValue = value;
                save(context, directory.resolve(BEST));
            }
        }
    }

    /** @param step the step within the epoch, or -1 for its end */
    private void periodic(TrainingContext context, int epoch, int step) {
        Path file = directory.resolve(String.format(Locale.ROOT, "epoch-%04d-%s.safetensors", epoch,
                step < 0 ? "end" : String.format(Locale.ROOT, "step-%06d", step)));
        save(context, file);
        kept.addLast(file);
        while (kept.size() > keepLast) {
            try {
                Files.deleteIfExists(kept.removeFirst());
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove an old checkpoint in " + directory, e);
            }
        }
    }

    private static void save(TrainingContext context, Path file) {
        try {
            context.saveCheckpoint(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the checkpoint " + file, e);
        }
    }
}
