package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.InputCheck;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchSource;
import dev.kiln.runtime.data.BatchStream;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.LastBatch;
import dev.kiln.runtime.kernels.Backend;
import dev.kiln.runtime.data.augment.Augmentation;
import dev.kiln.runtime.data.augment.Augmented;
import dev.kiln.runtime.metrics.MetricAccumulator;
import dev.kiln.runtime.metrics.MetricNames;
import dev.kiln.runtime.metrics.MetricValues;
import dev.kiln.runtime.metrics.Task;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.WeightSwap;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model by mini-batch gradient descent:
 * {@code Trainer.of(net).optimizer(new Sgd(0.1)).epochs(10).fit(train, test)}.
 *
 * <p>Each epoch visits the training set in a fresh order drawn from {@code (seed, epoch)} (see
 * {@link Batches}), in batches of {@link #batchSize} (a short last one kept, or merged into the one before
 * when it has a single example: {@link #lastBatch}), then evaluates on
 * the held-out set in inference mode. The metrics are the loss's ({@link Task}): accuracy for a
 * classifier, RMSE, MAE and R² for a regression, never an accuracy; the history keeps every metric
 * of every epoch. With progress on (the default) it shows a progress bar per epoch and prints one
 * summary line per epoch; with progress off it prints nothing. Besides a {@link Dataset}, {@link #fit}
 * takes any {@link BatchSource} (a stream from disk, a DL4J iterator), whose first batch it checks.
 *
 * <p>Every step is a {@link TrainingStep}: applied whole, or rejected with the parameters, the
 * model's state buffers (running statistics, random generator) and the optimizer exactly as before
 * it. A NaN or infinity in the batch, or a non-finite loss or gradient, stops training with a
 * {@link NonFiniteLossException} (reference section 13) that names the cause in this order: the
 * example and column of the batch, a non-finite parameter, and only then the first layer whose
 * gradient is not finite with the learning rate; with {@link NonFinitePolicy#SKIP} such steps are
 * left out and counted instead.
 *
 * <p>After the first steps of the first epoch a step creates no ND4J array of the trainer's own:
 * batches are gathered into reused buffers ({@link Batches}, or any {@link BatchSource}), and the
 * non-finite check and the training metrics allocate nothing (what the model and the optimizer allocate is theirs; generated
 * models and Kiln's optimizers allocate nothing either).
 *
 * <p>The optimizer hears every applied step's training loss and, after each epoch's evaluation,
 * the epoch's end with the held-out loss (NaN without held-out data): what epoch-based schedules and
 * reduce-on-plateau need.
 *
 * <p>{@link TrainingListener}s hear the start and end of the fit, of every epoch and step, and every
 * evaluation. {@link #saveCheckpoint} (or a listener, through its {@link TrainingContext}) saves model,
 * optimizer and trainer state; {@link #resumeFrom} continues such a run exactly where it was saved:
 * {@code N} epochs, a save and a resume to {@code epochs(N + M)} give the same weights, optimizer
 * state and history (all but the wall times) bit for bit as {@code N + M} epochs in one go.
 */
@SuppressWarnings("NullAway") // the optimizer, the checkpoint to resume from and the epoch in progress are set before the loop that reads them
public final class Trainer {
    private final KilnNet net;
    private @Nullable Optimizer optimizer;
    private int epochs = 1;
    private int batchSize = Batches.DEFAULT_BATCH_SIZE;
    private int evaluationBatchSize = Evaluation.DEFAULT_BATCH_SIZE;
    private long seed;
    private boolean shuffle = true;
    private boolean progress = true;
    private NonFinitePolicy nonFinitePolicy = NonFinitePolicy.STOP;
    private LastBatch lastBatch = LastBatch.MERGE_SINGLE;
    private boolean evaluateWithAverage;
    private PrintStream out = System.out;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private @Nullable Checkpoint resumeFrom;
    private @Nullable Augmentation augmentation;

    // Progress of the fit under way (or the last one), for listeners and checkpoints.
    private final List<EpochResult> results = new ArrayList<>();
    private @Nullable EpochTotals inProgress;
    private long epochStart;
    private @Nullable String stopReason;
    // The training metrics of the epoch in progress (saved with its EpochTotals) and whether the
    // source's first batch still has to be checked.
    private @Nullable MetricAccumulator trainMetrics;
    private boolean uncheckedSource;
    private int sourceBatchSize = batchSize;
    private final TrainingContext context = new Context();

    private Trainer(KilnNet net) {
        this.net = net;
    }

    public static Trainer of(KilnNet net) {
        return new Trainer(net);
    }

    /** Required: the optimizer that updates the parameters after each batch. */
    public Trainer optimizer(Optimizer value) {
        optimizer = value;
        return this;
    }

    /** Number of passes over the training set; 1 unless set. */
    public Trainer epochs(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + value);
        }
        epochs = value;
        return this;
    }

    /** Examples per training batch; 128 unless set. */
    public Trainer batchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + value);
        }
        batchSize = value;
        return this;
    }

    /** Examples per batch when evaluating the held-out set; 1000 unless set. */
    public Trainer evaluationBatchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("evaluation batch size must be at least 1, got " + value);
        }
        evaluationBatchSize = value;
        return this;
    }

    /**
     * What each epoch does with its short last batch: {@link LastBatch#MERGE_SINGLE} unless set, which
     * merges a last batch of one example into the batch before (batch norm cannot train on one
     * example) and keeps longer ones; {@code KEEP}, {@code DROP} or {@code MERGE} otherwise.
     */
    public Trainer lastBatch(LastBatch policy) {
        lastBatch = policy;
        return this;
    }

    /** Seeds the per-epoch shuffling; 0 unless set. */
    public Trainer seed(long value) {
        seed = value;
        return this;
    }

    /** Whether to reshuffle the training set every epoch; on unless set. */
    public Trainer shuffle(boolean on) {
        shuffle = on;
        return this;
    }

    /** Whether to show progress bars and per-epoch lines; on unless set. */
    public Trainer progress(boolean on) {
        progress = on;
        return this;
    }

    /** What to do about a non-finite loss or gradient; {@link NonFinitePolicy#STOP} unless set. */
    public Trainer onNonFinite(NonFinitePolicy policy) {
        nonFinitePolicy = policy;
        return this;
    }

    /**
     * Whether the held-out evaluation uses the optimizer's parameter average (reference section 8.3)
     * instead of the live parameters; off unless set. Needs an {@link OptimizerChain} with
     * {@code averageParameters(...)}.
     */
    public Trainer evaluateWithAverage(boolean on) {
        evaluateWithAverage = on;
        return this;
    }

    /**
     * Augments every training batch on the fly ({@link Augmented}): {@code augment(Augment.randomCrop(2)
     * .then(Augment.flipHorizontal()))}. The random parameters come from the trainer's {@link #seed}, the
     * epoch and the batch's index, so a run is reproducible and a resumed one draws what the uninterrupted
     * run drew; the held-out evaluation sees the data as it is. Mixup and label smoothing make soft
     * targets, which softmax cross-entropy takes as they are; the training accuracy then counts the
     * target's largest entry as the class. Refused at {@link #fit} for data it cannot work on (an image
     * step on examples that are not images). None unless set.
     */
    public Trainer augment(Augmentation value) {
        augmentation = value;
        return this;
    }

    /** Adds a listener; listeners are called in the order they were added. */
    public Trainer listener(TrainingListener value) {
        listeners.add(value);
        return this;
    }

    /**
     * Continues the run saved in {@code checkpoint} (by {@link #saveCheckpoint} or {@link CheckpointSaver}):
     * {@link #fit} first restores model and optimizer (configure the optimizer as it was), then trains
     * from the saved point to {@link #epochs}. Seed, shuffling, batch size and augmentation must be those of the
     * saved run, so the batches continue in the same order. The file is read and verified here.
     */
    public Trainer resumeFrom(Path checkpoint) throws IOException {
        resumeFrom = Checkpoint.read(checkpoint);
        TrainerState.of(resumeFrom);
        return this;
    }

    /**
     * Saves model, optimizer and trainer state (epochs done, the history, the batch-order settings)
     * to {@code path}, atomically: after a fit, or from a listener during one.
     */
    public void saveCheckpoint(Path path) throws IOException {
        if (optimizer == null) {
            throw new IllegalStateException("nothing to save yet: no optimizer was set and fit has not run");
        }
        EpochTotals partial = inProgress == null ? null
                : inProgress.snapshot(inProgress.earlierSeconds + (System.nanoTime() - epochStart) / 1e9, trainMetrics.state());
        new TrainerState(results.size(), seed, shuffle, sourceBatchSize, describe(augmentation), results, partial)
                .addTo(Checkpoint.of(net).optimizer(optimizer)).save(path);
    }

    /** Where progress goes; System.out unless set. For tests. */
    Trainer output(PrintStream stream) {
        out = stream;
        return this;
    }

    /** Trains without held-out data: the test numbers of every epoch are NaN. */
    public TrainingHistory fit(Dataset train) {
        return fit(train, null);
    }

    /** Trains on {@code train} and evaluates on {@code test} (may be null) after every epoch. */
    public TrainingHistory fit(Dataset train, @Nullable Dataset test) {
        checkFits(train, "training");
        return run(Batches.over(train).batchSize(batchSize).shuffle(shuffle).seed(seed).lastBatch(lastBatch), test, true);
    }

    /** Trains on the batches of {@code train} without held-out data. */
    public TrainingHistory fit(BatchSource train) {
        return fit(train, null);
    }

    /**
     * Trains on the batches of {@code train}, a {@link Batches} over a dataset, a stream from disk
     * ({@link dev.kiln.runtime.data.NpyBatches}) or another {@link BatchSource}, and evaluates on
     * {@code test} (may be null) after every epoch. The source brings its own batch size, order, seed
     * and last-batch policy; the trainer's {@link #batchSize}, {@link #shuffle}, {@link #seed} and
     * {@link #lastBatch} apply when it is given a {@link Dataset}. To resume such a fit, configure the
     * source as it was.
     */
    public TrainingHistory fit(BatchSource train, @Nullable Dataset test) {
        return run(train, test, false);
    }

    /** {@code checked}: the training data was checked as a whole; otherwise its first batch is. */
    private TrainingHistory run(BatchSource batches, @Nullable Dataset test, boolean checked) {
        if (optimizer == null) {
            optimizer = net.defaultOptimizer();
        }
        if (evaluateWithAverage && !(optimizer instanceof OptimizerChain chain && chain.averagesParameters())) {
            throw new IllegalStateException("evaluateWithAverage needs an optimizer that averages the parameters,"
                    + " e.g. Optimizers.adam(1e-3).averageParameters(0.999); got " + optimizer);
        }
        if (test != null) {
            checkFits(test, "held-out");
        }
        boolean shuffled = !(batches instanceof Batches b) || b.shuffles();
        if (augmentation != null) {
            batches = Augmented.of(batches, augmentation, seed);
        }
        uncheckedSource = !checked;
        sourceBatchSize = batches.batchSize();
        trainMetrics = MetricAccumulator.forLoss(net.graph().loss(), batches.targetColumns(),
                MetricAccumulator.Scope.TRAINING);
        long trainSize = batches.examplesPerEpoch();
        if (progress) {
            // Which native binary and thread policy run this fit: the generic binary or a thread setting
            // makes training several times slower, and nothing else would say so.
            out.println(Backend.current().describe());
        }
        if (progress && !shuffled) {
            out.println("warning: shuffling is off, so every epoch visits the examples in stored order;"
                    + " data sorted by class (all cats before all dogs) then gives one-class batches");
        }
        if (progress && optimizer.needsFullBatch() && sourceBatchSize < trainSize) {
            out.println("warning: " + optimizer + " needs full-batch gradients: it follows gradient signs only, so"
                    + " mini-batches of " + sourceBatchSize + " out of " + trainSize + " examples make it drift;"
                    + " use batchSize(" + trainSize + ") or another optimizer");
        }
        results.clear();
        inProgress = null;
        stopReason = null;
        if (resumeFrom != null) {
            resume(batches);
        }
        TrainingStep step = new TrainingStep(net);
        listeners.forEach(l -> l.onFitStart(context));
        for (int epoch = results.size() + 1; epoch <= epochs && stopReason == null; epoch++) {
            runEpoch(step, batches, epoch, test);
        }
        if (progress && stopReason != null) {
            out.println("stopped after epoch " + results.size() + ": " + stopReason);
        }
        TrainingHistory history = new TrainingHistory(results);
        listeners.forEach(l -> l.onFitEnd(context, history));
        return history;
    }

    /** Restores model, optimizer and progress from the checkpoint given to {@link #resumeFrom}; changes nothing on a mismatch. */
    private void resume(BatchSource batches) {
        TrainerState state = TrainerState.of(resumeFrom);
        if (state.seed() != seed || state.shuffle() != shuffle || state.batchSize() != sourceBatchSize) {
            throw new IllegalArgumentException(resumeFrom.source() + " was saved by a run with seed " + state.seed()
                    + ", shuffle " + state.shuffle() + ", batch size " + state.batchSize() + "; this trainer has seed "
                    + seed + ", shuffle " + shuffle + ", batch size " + sourceBatchSize + ": set them as saved, or the"
                    + " batches would not continue in the same order");
        }
        if (!state.augmentation().equals(describe(augmentation))) {
            throw new IllegalArgumentException(resumeFrom.source() + " was saved by a run with augmentation "
                    + state.augmentation() + "; this trainer has " + describe(augmentation) + ": set it as saved, or"
                    + " the resumed batches would not be those of the saved run");
        }
        if (state.inProgress() != null && state.inProgress().steps > batches.batchesPerEpoch()) {
            throw new IllegalArgumentException(resumeFrom.source() + " was saved after step " + state.inProgress().steps
                    + " of an epoch, but this training set has " + batches.batchesPerEpoch() + " batches per epoch");
        }
        if (state.inProgress() != null) {
            // Refused here, before anything is restored, if the saved metrics are of another task or width.
            MetricAccumulator.forLoss(net.graph().loss(), batches.targetColumns(), MetricAccumulator.Scope.TRAINING)
                    .restore(state.inProgress().metrics);
        }
        if (state.completedEpochs() >= epochs) {
            throw new IllegalArgumentException(resumeFrom.source() + " has " + state.completedEpochs()
                    + " epochs done already; set epochs(...) to the total to train to, more than that");
        }
        resumeFrom.restore(net, optimizer);
        results.addAll(state.history());
        inProgress = state.inProgress();
    }

    /** Trains one epoch (or the rest of a resumed one), evaluates, and appends its result to {@link #results}. */
    private void runEpoch(TrainingStep step, BatchSource batches, int epoch, @Nullable Dataset test) {
        long start = System.nanoTime();
        epochStart = start;
        EpochTotals totals = inProgress != null ? inProgress : new EpochTotals();
        inProgress = totals;
        if (totals.metrics != null) {
            trainMetrics.restore(totals.metrics);
        } else {
            trainMetrics.reset();
        }
        String task = String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d", epoch, epochs);
        listeners.forEach(l -> l.onEpochStart(context, epoch));
        try (EpochProgress bar = progress ? EpochProgress.bar(task, batches.batchesPerEpoch(), out)
                : EpochProgress.silent();
            BatchStream stream = batches.epoch(epoch)) {
            for (int done = 0; done < totals.steps; done++) {
                // Batches a resumed epoch had already trained on: drawn, in order, not trained again.
                stream.next();
            }
            while (stream.hasNext()) {
                Batch batch = stream.next();
                if (uncheckedSource) {
                    // A source other than a dataset's batches is checked on the data it delivers first.
                    checkFits(new Dataset(batch.features(), batch.targets()), "training");
                    uncheckedSource = false;
                }
                double learningRate = optimizer.learningRate();
                double loss = step(step, batch, epoch, batches.batchesPerEpoch());
                totals.steps++;
                if (Double.isNaN(loss)) {
                    totals.skipped++;
                } else {
                    totals.lossSum += loss * batch.size();
                    trainMetrics.add(net.trainingOutput(), batch.targets());
                    totals.seen += batch.size();
                    bar.update(batch.index() + 1, totals.lossSum / totals.seen, trainMetrics);
                }
                StepResult result = new StepResult(epoch, batch.index() + 1, batches.batchesPerEpoch(),
                        optimizer.stepCount(), loss, learningRate, batch.size());
                listeners.forEach(l -> l.onStep(context, result));
            }
        }
        Evaluation held = test == null ? null : evaluateHeldOut(test);
        if (held != null) {
            listeners.forEach(l -> l.onEvaluation(context, epoch, held));
        }
        double seconds = totals.earlierSeconds + (System.nanoTime() - start) / 1e9;
        MetricValues trained = trainMetrics.values();
        EpochResult result = new EpochResult(epoch, totals.lossSum / totals.seen, trained.getOrNaN(MetricNames.ACCURACY),
                held == null ? Double.NaN : held.loss(), held == null ? Double.NaN : held.accuracy(), seconds,
                totals.skipped, trained, held == null ? MetricValues.empty() : held.metrics());
        optimizer.onEpochEnd(epoch, result.testLoss());
        inProgress = null;
        results.add(result);
        if (progress) {
            out.println(EpochLine.of(task, Task.of(net.graph().loss()), result));
        }
        listeners.forEach(l -> l.onEpochEnd(context, result));
    }

    private Evaluation evaluateHeldOut(Dataset test) {
        if (!evaluateWithAverage) {
            return Evaluation.evaluate(net, test, evaluationBatchSize);
        }
        try (WeightSwap averaged = ((OptimizerChain) optimizer).swapInAverage(net)) {
            return Evaluation.evaluate(net, test, evaluationBatchSize);
        }
    }

    /**
     * One training step through {@link TrainingStep}: applied whole, or rejected with every piece of
     * state as it was. Returns the loss, or NaN for a step skipped under {@link NonFinitePolicy#SKIP}.
     */
    private double step(TrainingStep step, Batch batch, int epoch, int stepsPerEpoch) {
        if (step.tryStep(batch.features(), batch.targets(), optimizer)) {
            return step.loss();
        }
        if (nonFinitePolicy == NonFinitePolicy.SKIP) {
            return Double.NaN;
        }
        throw nonFinite(step.rejection(), batch, epoch, stepsPerEpoch);
    }

    private NonFiniteLossException nonFinite(StepRejection rejection, Batch batch, int epoch, int stepsPerEpoch) {
        int step = batch.index() + 1;
        String example = rejection.row() < 0 ? ""
                : " (example " + batch.indices()[(int) rejection.row()] + " of the training set)";
        return new NonFiniteLossException(net.graph().name() + ": training stopped at epoch " + epoch + ", step "
                + step + " of " + stepsPerEpoch + " (update " + (optimizer.stepCount() + 1) + "): " + rejection.what() + example
                + rejection.advice(optimizer) + ". The update was not applied, and the model and the optimizer are as they"
                + " were before the step; onNonFinite(NonFinitePolicy.SKIP) skips such steps.",
                epoch, step, rejection.layer(), optimizer.learningRate());
    }

    private void checkFits(Dataset data, String role) {
        if (data.dataType() != net.dataType() || data.targets().dataType() != net.dataType()) {
            throw new IllegalArgumentException(net.graph().name() + " computes in " + net.dataType() + " but the "
                    + role + " data holds features of " + data.dataType() + " and targets of "
                    + data.targets().dataType() + "; load or convert the data as " + net.dataType());
        }
        InputCheck check = new InputCheck(net.graph(), net.dataType());
        check.features(data.features());
        check.targets(data.features(), data.targets(), "of the " + role + " data");
    }

    /** The augmentation as a checkpoint records it. */
    private static String describe(@Nullable Augmentation augmentation) {
        return augmentation == null ? TrainerState.NO_AUGMENTATION : augmentation.toString();
    }

    private static int digits(int value) {
        return Integer.toString(value).length();
    }

    /** The trainer as its listeners see it. */
    private final class Context implements TrainingContext {
        @Override
        public KilnNet net() {
            return net;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public List<EpochResult> history() {
            return List.copyOf(results);
        }

        @Override
        public double gradientNorm() {
            double sum = 0;
            for (Parameter parameter : net.parameters()) {
                double norm = parameter.gradient().norm2Number().doubleValue();
                sum += norm * norm;
            }
            return Math.sqrt(sum);
        }

        @Override
        public void saveCheckpoint(Path path) throws IOException {
            Trainer.this.saveCheckpoint(path);
        }

        @Override
        public void stop(String reason) {
            stopReason = reason;
        }
    }
}
