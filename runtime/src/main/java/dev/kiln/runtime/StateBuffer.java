package dev.kiln.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model array that is not trained but is part of the model's state: what inference, a resumed run
 * or a repeated training pass depends on besides the parameters. Generated models list every one in
 * {@link KilnNet#stateBuffers()}:
 * <ul>
 * <li>{@code bn1.runningMean}, {@code bn1.runningVar}: a batch norm's running statistics, [C],
 *     updated by every training pass and used by inference;</li>
 * <li>{@code rng.state}: the state of the generator that draws dropout masks and stochastic-depth
 *     gates, a LONG [2] ({@link TrainingRandomness}), in models with dropout or stochastic depth.</li>
 * </ul>
 * Per-batch scratch (activations, gradients, dropout masks, the last batch's statistics) and
 * arrays computed from parameters (weight norm's W) are not state: every pass recomputes them
 * before reading them. Saving the parameters and these buffers saves the whole model; a training
 * step that is rejected restores these buffers (see {@code dev.kiln.runtime.train.TrainingStep}).
 *
 * @param layer the layer's name, or {@code rng} for the model's random generator
 * @param role  the buffer's role, e.g. {@code runningMean}
 * @param value the model's own array: writing it changes the model
 */
public record StateBuffer(String layer, String role, INDArray value) {

    /** The layer name of the model's random generator's state, {@code rng.state}. */
    public static final String RANDOM_GENERATOR = "rng";

    /** {@code layer.role}, e.g. {@code bn1.runningMean}: the key in checkpoints, next to the parameters' names. */
    public String name() {
        return layer + "." + role;
    }
}
