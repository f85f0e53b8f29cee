package dev.kiln.runtime;

import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.ModelSummary;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.train.TrainingStep;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every generated network does the same way, written once: the checks before a pass, the
 * concurrency guard around it, the per-thread buffers, the all-or-nothing training step, the
 * accessors. A generated class {@code FooNet} extends it and writes only what is its own: the
 * parameter fields, the constructor that draws them, and the passes ({@link #inferencePass},
 * {@link #trainingPass}, {@link #preActivationPass}) as kernel calls in the order of the model.
 *
 * <p>Why here and not in each generated class: the policy of a public call (what it checks, what it
 * guards, what a rejected step restores) is then the same for every model by construction, and a
 * fix to it reaches every model without regenerating one. Each pass is called with the batch's
 * buffers, already checked and guarded; a pass only computes.
 *
 * @param <B> the generated class's per-batch buffers ({@code FooNet.Buffers})
 */
public abstract non-sealed class GeneratedNet<B> extends GeneratedModel<B> implements KilnNet, Layerwise {
    private final ConcurrentUseGuard guard;
    /** Draws dropout masks and stochastic-depth gates; null in a model with neither. Its state is the buffer {@code rng.state}. */
    protected final @Nullable TrainingRandomness randomness;
    private @Nullable ModelArrays arrays;
    private @Nullable INDArray lastTrainingOutput;
    private @Nullable TrainingStep trainingStep;
    private @Nullable Optimizer declaredOptimizer;

    /** A model of {@code graph} in {@code dataType} with no dropout and no stochastic depth. */
    protected GeneratedNet(ModelGraph graph, DataType dataType) {
        this(graph, dataType, null);
    }

    /** A model of {@code graph} in {@code dataType} whose training passes draw from {@code randomness}. */
    protected GeneratedNet(ModelGraph graph, DataType dataType, @Nullable TrainingRandomness randomness) {
        super(graph, dataType);
        this.guard = new ConcurrentUseGuard(graph.name());
        this.randomness = randomness;
    }

    /**
     * Hands over the model's arrays, once, at the end of the generated constructor: every parameter
     * with its gradient, every state buffer, every weight layer, each in layer order.
     *
     * @throws IllegalStateException when called a second time
     */
    protected final void register(List<Parameter> parameters, List<StateBuffer> stateBuffers, List<WeightLayer> weightLayers) {
        if (arrays != null) {
            throw new IllegalStateException("model " + graph().name() + ": its arrays are registered once, by its constructor");
        }
        arrays = new ModelArrays(List.copyOf(parameters), List.copyOf(stateBuffers), List.copyOf(weightLayers));
        trainingStep = new TrainingStep(this);
    }

    /**
     * The training pass on checked {@code features} and {@code targets}: forward with dropout, the
     * loss, the backward pass; writes every gradient, calls {@link #setTrainingOutput} and returns the loss.
     */
    protected abstract double trainingPass(INDArray features, INDArray targets, B buffers);

    /**
     * The inference forward up to weight layer {@code layer} (an index already checked), returning its
     * pre-activation buffer. A model with no weight layers never gets here, so it need not override this.
     */
    protected INDArray preActivationPass(INDArray features, int layer, B buffers) {
        throw new IndexOutOfBoundsException("model " + graph().name() + " has no weight layer " + layer);
    }

    /** Records the last layer's output of the training pass under way, for {@link #trainingOutput()}. */
    protected final void setTrainingOutput(INDArray output) {
        lastTrainingOutput = output;
    }

    /**
     * Inference: dropout is the identity, batch norm uses its running statistics. Exact: it reads the parameters
     * and running statistics as they are now. Returns a buffer owned by this model; {@code dup()} it to keep it.
     * Safe to call from several threads at once, each with buffers of its own.
     */
    @Override
    public final INDArray forward(INDArray features) {
        guard.enterInference();
        try {
            inputCheck.features(features);
            return inferencePass(features, buffersFor(features.size(0)));
        } finally {
            guard.exitInference();
        }
    }

    @Override
    public final double loss(INDArray features, INDArray targets) {
        guard.enterInference();
        try {
            inputCheck.targets(features, targets);
            return Losses.loss(graph().loss(), forward(features), targets);
        } finally {
            guard.exitInference();
        }
    }

    /**
     * Training mode: forward with dropout, the loss, then the backward pass layer by layer, last to first.
     * Refused while another thread uses the model.
     */
    @Override
    public final double computeGradients(INDArray features, INDArray targets) {
        guard.enterTraining();
        try {
            inputCheck.features(features);
            inputCheck.targets(features, targets);
            return trainingPass(features, targets, buffersFor(features.size(0)));
        } finally {
            guard.exitTraining();
        }
    }

    /**
     * One training step, all or nothing: gradients of the batch, the loss to {@code optimizer.observeLoss}, then the
     * optimizer's in-place update; a non-finite batch, loss or gradient throws and leaves every state as it was.
     * Returns the loss. Refused while another thread uses the model, the update included.
     */
    @Override
    public final double trainStep(INDArray features, INDArray targets, Optimizer optimizer) {
        guard.enterTraining();
        try {
            return registered(trainingStep).run(features, targets, optimizer);
        } finally {
            guard.exitTraining();
        }
    }

    /** One training step with the model's declared optimizer ({@link #defaultOptimizer()}), created on first use. Returns the loss. */
    public final double trainStep(INDArray features, INDArray targets) {
        if (declaredOptimizer == null) {
            declaredOptimizer = defaultOptimizer();
        }
        return trainStep(features, targets, declaredOptimizer);
    }

    /**
     * Inference forward up to weight layer {@code layer}; returns its pre-activation x W + b, a buffer owned by this model.
     */
    @Override
    public final INDArray preActivation(INDArray features, int layer) {
        guard.enterInference();
        try {
            inputCheck.features(features);
            List<WeightLayer> layers = weightLayers();
            if (layers.isEmpty()) {
                throw new IndexOutOfBoundsException("model " + graph().name() + " has no weight layers; asked for layer " + layer);
            }
            Objects.checkIndex(layer, layers.size());
            return preActivationPass(features, layer, buffersFor(features.size(0)));
        } finally {
            guard.exitInference();
        }
    }

    /** Runs {@code read} inside the inference guard: what reads the whole model at once (taking a snapshot) goes through it. */
    protected final <T> T whileInferenceGuarded(Supplier<T> read) {
        guard.enterInference();
        try {
            return read.get();
        } finally {
            guard.exitInference();
        }
    }

    @Override
    public final void freezeRandomness(boolean frozen) {
        if (randomness == null) {
            return; // nothing random: no dropout and no stochastic depth
        }
        guard.enterTraining();
        try {
            randomness.freeze(frozen);
        } finally {
            guard.exitTraining();
        }
    }

    @Override
    public final ConcurrentUseGuard concurrencyGuard() {
        return guard;
    }

    @Override
    public final List<Parameter> parameters() {
        return registered(arrays).parameters();
    }

    @Override
    public final List<StateBuffer> stateBuffers() {
        return registered(arrays).stateBuffers();
    }

    @Override
    public final List<WeightLayer> weightLayers() {
        return registered(arrays).weightLayers();
    }

    /** @throws IllegalStateException before the first training pass */
    @Override
    public final INDArray trainingOutput() {
        if (lastTrainingOutput == null) {
            throw new IllegalStateException("model " + graph().name() + " has run no training pass yet: call computeGradients first");
        }
        return lastTrainingOutput;
    }

    @Override
    public final String summary() {
        return ModelSummary.of(graph()).render();
    }

    private <T> T registered(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("model " + graph().name() + ": used before its constructor registered its arrays");
        }
        return value;
    }

    /** The arrays a generated constructor registers: together they are the whole model. */
    private record ModelArrays(List<Parameter> parameters, List<StateBuffer> stateBuffers, List<WeightLayer> weightLayers) {
    }
}
