package dev.kiln.runtime.train;

import dev.kiln.runtime.InputCheck;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.LastBatch;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.WeightSwap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model by mini-batch gradient descent:
 * {@code Trainer.of(net).optimizer(new Sgd(0.1)).epochs(10).fit(train, test)}.
 *
 * <p>Each epoch visits the training set in a fresh order drawn from {@code (seed, epoch)} (see
 * {@link Batches}), in batches of {@link #batchSize} (a short last one kept, or merged into the one before
 * when it has a single example: {@link #lastBatch}), then evaluates on
 * the held-out set in inference mode. With progress on (the default) it shows a progress bar per
 * epoch and prints one summary line per epoch; with progress off it prints nothing.
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
 * batches are gathered into reused buffers ({@link Batches}), and the non-finite check and the
 * accuracy count allocate nothing (what the model and the optimizer allocate is theirs; generated
 * models and Kiln's optimizers allocate nothing either).
 *
 * <p>The optimizer hears every applied step's training loss and, after each epoch's evaluation,
 * the epoch's end with the held-out loss (NaN without held-out data): what epoch-based schedules and
 * reduce-on-plateau need.
 */
public final class Trainer {
    private final KilnNet net;
    private Optimizer optimizer;
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
    public TrainingHistory fit(Dataset train, Dataset test) {
        if (optimizer == null) {
            optimizer = net.defaultOptimizer();
        }
        if (evaluateWithAverage && !(optimizer instanceof OptimizerChain chain && chain.averagesParameters())) {
            throw new IllegalStateException("evaluateWithAverage needs an optimizer that averages the parameters,"
                    + " e.g. Optimizers.adam(1e-3).averageParameters(0.999); got " + optimizer);
        }
        checkFits(train, "training");
        if (test != null) {
            checkFits(test, "held-out");
        }
        Batches batches = Batches.over(train).batchSize(batchSize).shuffle(shuffle).seed(seed).lastBatch(lastBatch);
        if (progress && !shuffle) {
            out.println("warning: shuffling is off, so every epoch visits the examples in stored order;"
                    + " data sorted by class (all cats before all dogs) then gives one-class batches");
        }
        if (progress && optimizer.needsFullBatch() && batchSize < train.size()) {
            out.println("warning: " + optimizer + " needs full-batch gradients: it follows gradient signs only, so"
                    + " mini-batches of " + batchSize + " out of " + train.size() + " examples make it drift;"
                    + " use batchSize(" + train.size() + ") or another optimizer");
        }
        TrainingStep step = new TrainingStep(net);
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            results.add(runEpoch(step, batches, epoch, test));
        }
        return new TrainingHistory(results);
    }

    private EpochResult runEpoch(TrainingStep step, Batches batches, int epoch, Dataset test) {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int skipped = 0;
        String task = String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d", epoch, epochs);
        try (EpochProgress bar = progress ? EpochProgress.bar(task, batches.batchesPerEpoch(), out)
                : EpochProgress.silent()) {
            Iterator<Batch> iterator = batches.epoch(epoch);
            while (iterator.hasNext()) {
                Batch batch = iterator.next();
                double loss = step(step, batch, epoch, batches.batchesPerEpoch());
                if (Double.isNaN(loss)) {
                    skipped++;
                    continue;
                }
                lossSum += loss * batch.size();
                correct += Accuracy.correct(net.trainingOutput(), batch.targets());
                seen += batch.size();
                bar.update(batch.index() + 1, lossSum / seen, (double) correct / seen);
            }
        }
        Evaluation held = test == null ? null : evaluateHeldOut(test);
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochResult result = new EpochResult(epoch, lossSum / seen, (double) correct / seen,
                held == null ? Double.NaN : held.loss(), held == null ? Double.NaN : held.accuracy(), seconds, skipped);
        optimizer.onEpochEnd(epoch, result.testLoss());
        if (progress) {
            out.println(summaryLine(task, result));
        }
        return result;
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

    private static String summaryLine(String task, EpochResult r) {
        String line = String.format(Locale.ROOT, "%s  train loss %.4f  acc %6.2f%%", task, r.trainLoss(),
                100 * r.trainAccuracy());
        if (!Double.isNaN(r.testLoss())) {
            line += String.format(Locale.ROOT, "  test loss %.4f  acc %6.2f%%", r.testLoss(), 100 * r.testAccuracy());
        }
        if (r.skippedSteps() > 0) {
            line += "  skipped " + r.skippedSteps() + " non-finite steps";
        }
        return line + String.format(Locale.ROOT, "  %.1fs", r.seconds());
    }

    private static int digits(int value) {
        return Integer.toString(value).length();
    }
}
