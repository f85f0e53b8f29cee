package dev.kiln.runtime.train;

import dev.kiln.runtime.InputCheck;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchSource;
import dev.kiln.runtime.data.BatchStream;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.FiniteCheck;
import dev.kiln.runtime.metrics.MetricAccumulator;
import dev.kiln.runtime.metrics.MetricNames;
import dev.kiln.runtime.metrics.MetricValues;
import dev.kiln.runtime.metrics.Task;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.WeightSwap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model by mini-batch gradient descent:
 * {@code Trainer.of(net).optimizer(new Sgd(0.1)).epochs(10).fit(train, test)}.
 *
 * <p>Each epoch visits the training set in a fresh order drawn from {@code (seed, epoch)} (see
 * {@link Batches}), in batches of {@link #batchSize} including a short last one, then evaluates on
 * the held-out set in inference mode. The metrics are the loss's ({@link Task}): accuracy for a
 * classifier, RMSE, MAE and R² for a regression, never an accuracy; the history keeps every metric
 * of every epoch. With progress on (the default) it shows a progress bar per epoch and prints one
 * summary line per epoch; with progress off it prints nothing.
 *
 * <p>A NaN or infinite loss or gradient stops training with a {@link NonFiniteLossException}
 * before the bad update is applied (reference section 13), naming the step, the first layer whose
 * gradient is not finite and the learning rate; with {@link NonFinitePolicy#SKIP} such steps are
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
    private boolean evaluateWithAverage;
    private PrintStream out = System.out;
    private boolean uncheckedSource;
    private MetricAccumulator trainMetrics;

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
        checkFits(train, "training");
        return run(Batches.over(train).batchSize(batchSize).shuffle(shuffle).seed(seed), test, true);
    }

    /** Trains on the batches of {@code train} without held-out data. */
    public TrainingHistory fit(BatchSource train) {
        return fit(train, null);
    }

    /**
     * Trains on the batches of {@code train}, a {@link Batches} over a dataset, a stream from disk
     * ({@link dev.kiln.runtime.data.NpyBatches}) or another {@link BatchSource}, and evaluates on
     * {@code test} (may be null) after every epoch. The source brings its own batch size, order and
     * seed; the trainer's {@link #batchSize}, {@link #shuffle} and {@link #seed} apply when it is given a
     * {@link Dataset}.
     */
    public TrainingHistory fit(BatchSource train, Dataset test) {
        return run(train, test, false);
    }

    /** {@code checked}: the training data was checked as a whole; otherwise its first batch is. */
    private TrainingHistory run(BatchSource train, Dataset test, boolean checked) {
        if (optimizer == null) {
            optimizer = net.defaultOptimizer();
        }
        if (evaluateWithAverage && !(optimizer instanceof OptimizerChain chain && chain.averagesParameters())) {
            throw new IllegalStateException("evaluateWithAverage needs an optimizer that averages the parameters,"
                    + " e.g. Optimizers.adam(1e-3).averageParameters(0.999); got " + optimizer);
        }
        uncheckedSource = !checked;
        trainMetrics = MetricAccumulator.forLoss(net.graph().loss(), train.targetColumns(), MetricAccumulator.Scope.TRAINING);
        if (test != null) {
            checkFits(test, "held-out");
        }
        long trainSize = train.examplesPerEpoch();
        boolean shuffled = !(train instanceof Batches b) || b.shuffles();
        if (progress && !shuffled) {
            out.println("warning: shuffling is off, so every epoch visits the examples in stored order;"
                    + " data sorted by class (all cats before all dogs) then gives one-class batches");
        }
        if (progress && optimizer.needsFullBatch() && train.batchSize() < trainSize) {
            out.println("warning: " + optimizer + " needs full-batch gradients: it follows gradient signs only, so"
                    + " mini-batches of " + train.batchSize() + " out of " + trainSize + " examples make it drift;"
                    + " use batchSize(" + trainSize + ") or another optimizer");
        }
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            results.add(runEpoch(train, epoch, test));
        }
        return new TrainingHistory(results);
    }

    private EpochResult runEpoch(BatchSource batches, int epoch, Dataset test) {
        long start = System.nanoTime();
        double lossSum = 0;
        long seen = 0;
        trainMetrics.reset();
        int skipped = 0;
        String task = String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d", epoch, epochs);
        try (EpochProgress bar = progress ? EpochProgress.bar(task, batches.batchesPerEpoch(), out)
                : EpochProgress.silent();
            BatchStream stream = batches.epoch(epoch)) {
            while (stream.hasNext()) {
                Batch batch = stream.next();
                if (uncheckedSource) {
                    // A source other than a dataset's batches is checked on the data it delivers first.
                    checkFits(new Dataset(batch.features(), batch.targets()), "training");
                    uncheckedSource = false;
                }
                double loss = step(batch, epoch, batches.batchesPerEpoch());
                if (Double.isNaN(loss)) {
                    skipped++;
                    continue;
                }
                lossSum += loss * batch.size();
                trainMetrics.add(net.trainingOutput(), batch.targets());
                seen += batch.size();
                bar.update(batch.index() + 1, lossSum / seen, trainMetrics);
            }
        }
        Evaluation held = test == null ? null : evaluateHeldOut(test);
        double seconds = (System.nanoTime() - start) / 1e9;
        MetricValues trained = trainMetrics.values();
        EpochResult result = new EpochResult(epoch, lossSum / seen, trained.getOrNaN(MetricNames.ACCURACY),
                held == null ? Double.NaN : held.loss(), held == null ? Double.NaN : held.accuracy(), seconds, skipped,
                trained, held == null ? MetricValues.empty() : held.metrics());
        optimizer.onEpochEnd(epoch, result.testLoss());
        if (progress) {
            out.println(EpochLine.of(task, Task.of(net.graph().loss()), result));
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
     * One training step. Rather than {@link KilnNet#trainStep}, which updates unconditionally, it
     * computes the gradients, checks them, and only then lets the optimizer update, so a non-finite
     * value leaves the parameters of the last good step in place. Returns the loss, or NaN for a
     * step skipped under {@link NonFinitePolicy#SKIP}.
     */
    private double step(Batch batch, int epoch, int stepsPerEpoch) {
        double loss = net.computeGradients(batch.features(), batch.targets());
        List<Parameter> parameters = net.parameters();
        Parameter broken = firstNonFiniteGradient(parameters);
        if (!Double.isFinite(loss) || broken != null) {
            if (nonFinitePolicy == NonFinitePolicy.SKIP) {
                return Double.NaN;
            }
            throw nonFinite(loss, broken, epoch, batch.index() + 1, stepsPerEpoch);
        }
        optimizer.observeLoss(loss);
        optimizer.step(parameters);
        return loss;
    }

    /**
     * The first parameter, in layer order, whose gradient holds a NaN or infinity, or null. Checked
     * every step, so through {@link FiniteCheck}, which creates no array for a finite gradient.
     */
    private static Parameter firstNonFiniteGradient(List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (!FiniteCheck.allFinite(parameter.gradient())) {
                return parameter;
            }
        }
        return null;
    }

    private NonFiniteLossException nonFinite(double loss, Parameter broken, int epoch, int step, int stepsPerEpoch) {
        double learningRate = optimizer.learningRate();
        String what = Double.isFinite(loss)
                ? "gradient of layer " + broken.layer() + " (" + broken.name() + ") is not finite (the loss is " + loss + ")"
                : "loss is " + loss + "; " + (broken == null ? "every gradient is finite"
                : "the first layer with a non-finite gradient is " + broken.layer() + " (" + broken.name() + ")");
        String advice = Double.isNaN(learningRate) ? "; " + optimizer + " has no learning rate. The update was not"
                + " applied. Check the inputs for NaN or infinite values"
                : "; learning rate " + learningRate + ". The update was not applied. A learning rate that is too high is"
                + " the usual cause: try a lower one than " + learningRate + " (e.g. 10x smaller) in " + optimizer
                + ", and check the inputs for NaN or infinite values";
        return new NonFiniteLossException(net.graph().name() + ": training stopped at epoch " + epoch + ", step "
                + step + " of " + stepsPerEpoch + " (update " + (optimizer.stepCount() + 1) + "): the " + what + advice
                + "; onNonFinite(NonFinitePolicy.SKIP) skips such steps.",
                epoch, step, broken == null ? null : broken.layer(), learningRate);
    }

    private void checkFits(Dataset data, String role) {
        if (data.dataType() != net.dataType() || data.targets().dataType() != net.dataType()) {
            throw new IllegalArgumentException(net.graph().name() + " computes in " + net.dataType() + " but the "
                    + role + " data holds features of " + data.dataType() + " and targets of "
                    + data.targets().dataType() + "; load or convert the data as " + net.dataType());
        }
        InputCheck check = new InputCheck(net.graph(), net.dataType());
        check.features(data.features());
        check.targets(data.features(), data.targets());
    }

    private static int digits(int value) {
        return Integer.toString(value).length();
    }
}
