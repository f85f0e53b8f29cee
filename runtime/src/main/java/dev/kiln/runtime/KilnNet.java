package dev.kiln.runtime;

import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.train.NonFiniteLossException;
import dev.kiln.runtime.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every generated network offers. Generated classes ({@code FooNet} for {@code @Model class
 * Foo}) implement it, so the trainer, the gradient check and the optimizers work on any model.
 *
 * <p>The model is its {@link #parameters()} and its {@link #stateBuffers()}; nothing else it keeps
 * outlives a call. In particular nothing is derived from the weights and cached: {@link #forward} and
 * {@link #loss} are exact for the arrays as they are at the call, however they were changed. Folding
 * batch norm into the layer before it happens only in an explicit inference snapshot
 * ({@code freezeForInference()} on the generated class), which does not follow the model.
 *
 * <p>Arrays returned by {@link #forward} and {@link #trainingOutput} are buffers owned by the model:
 * the next call overwrites them. Call {@code dup()} on one to keep it.
 *
 * <p>Generated models serve inference from any number of threads at once (each thread has buffers
 * of its own, so a returned array is overwritten only by its own thread's next call); training
 * needs the model alone, and a training call that overlaps another thread's use fails with
 * {@link ConcurrentModelUseException}.
 */
public interface KilnNet extends InferenceModel {

    /**
     * Training mode: forward with dropout, loss, and the backward pass, writing every parameter's
     * gradient; updates batch norm's running statistics and advances the random generator as it
     * goes. Returns the loss of the batch. It is the raw pass: it applies no update and rejects
     * nothing, so a caller that may discard the pass (a non-finite loss) restores the state buffers
     * itself, as {@link #trainStep} does.
     */
    double computeGradients(INDArray features, INDArray targets);

    /**
     * The last-layer output of the most recent {@link #computeGradients} call. Generated models
     * throw {@link IllegalStateException} before their first training pass.
     */
    INDArray trainingOutput();

    /**
     * One training step, all or nothing ({@link TrainingStep}): the batch is checked, then
     * {@link #computeGradients}, the loss passed to {@link Optimizer#observeLoss} (for a plateau
     * monitored on the training loss), then the optimizer's in-place update. A batch holding a NaN or
     * infinity, or a loss or gradient that is not finite, throws {@link NonFiniteLossException} naming
     * the cause, with the parameters, the state buffers and the optimizer exactly as before.
     * Generated models keep one {@code TrainingStep}; this default makes one per call.
     */
    default double trainStep(INDArray features, INDArray targets, Optimizer optimizer) {
        return new TrainingStep(this).run(features, targets, optimizer);
    }

    /**
     * A new optimizer as the model declares it ({@code @Model(training = ...)}); the trainer uses it
     * when given none. Models that declare nothing train with SGD at its default learning rate.
     */
    default Optimizer defaultOptimizer() {
        return new dev.kiln.runtime.optim.Sgd();
    }

    /** Every trainable parameter, in layer order. */
    List<Parameter> parameters();

    /**
     * Every array of the model's state that is not a parameter, in layer order: batch norms' running
     * statistics ({@code bn1.runningMean}, {@code bn1.runningVar}) and, in a model with dropout or
     * stochastic depth, the random generator's state ({@code rng.state}). The arrays are the model's
     * own. With {@link #parameters()} they are the whole model: what a checkpoint saves, and what a
     * rejected training step restores. See {@link StateBuffer}.
     */
    List<StateBuffer> stateBuffers();

    /**
     * When frozen, training passes repeat the same random draws: every frozen pass draws the dropout
     * masks from the same generator state, which it does not advance, and stochastic-depth gates come
     * from the model's gate fields. A gradient check freezes before its first pass and so sees one
     * fixed function.
     */
    void freezeRandomness(boolean frozen);

    /** The model summary table: layer, kind, output shape, parameters, multiply-adds, initializers. */
    String summary();

    /**
     * The guard this model's own calls enter. Code outside the model that writes its weights or state
     * (checkpoint restore, transfer loads) enters it for training, so a restore that overlaps another
     * thread's inference or training is refused instead of serving half-loaded weights. Generated nets
     * return their guard; the default checks nothing.
     */
    default ConcurrentUseGuard concurrencyGuard() {
        return ConcurrentUseGuard.unguarded();
    }

    /**
     * Saves the weights and state buffers to a safetensors checkpoint, replacing {@code path}
     * atomically. {@link dev.kiln.runtime.checkpoint.Checkpoint} also saves optimizer and trainer state.
     */
    default void save(Path path) throws IOException {
        dev.kiln.runtime.checkpoint.Checkpoint.of(this).save(path);
    }

    /**
     * Loads weights and state buffers saved from this model class into this model, after checking
     * the whole file and that every tensor fits; on any mismatch nothing changes. (Generated classes
     * also have {@code FooNet.load(path)}, which creates the model.)
     *
     * @throws dev.kiln.runtime.checkpoint.CheckpointFormatException  for a truncated, damaged or foreign file
     * @throws dev.kiln.runtime.checkpoint.StateMismatchException for a checkpoint of another model
     */
    default void restore(Path path) throws IOException {
        dev.kiln.runtime.checkpoint.Checkpoint.read(path).restore(this);
    }
}
