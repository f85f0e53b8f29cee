package dev.kiln.runtime;

import dev.kiln.ir.ModelGraph;
import dev.kiln.runtime.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every generated network offers. Generated classes ({@code FooNet} for {@code @Model class
 * Foo}) implement it, so the trainer, the gradient check and the optimizers work on any model.
 *
 * <p>Arrays returned by {@link #forward} and {@link #trainingOutput} are buffers owned by the model:
 * the next call overwrites them. Call {@code dup()} on one to keep it.
 */
public interface KilnNet extends InferenceModel {

    /**
     * Training mode: forward with dropout, loss, and the backward pass, writing every parameter's
     * gradient. Returns the loss of the batch.
     */
    double computeGradients(INDArray features, INDArray targets);

    /** The last-layer output of the most recent {@link #computeGradients} call. */
    INDArray trainingOutput();

    /**
     * One training step: {@link #computeGradients}, the loss passed to the optimizer (for a
     * plateau monitored on the training loss), then the optimizer's in-place update.
     */
    default double trainStep(INDArray features, INDArray targets, Optimizer optimizer) {
        double loss = computeGradients(features, targets);
        optimizer.observeLoss(loss);
        optimizer.step(parameters());
        return loss;
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
