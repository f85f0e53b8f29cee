package dev.kiln.runtime;

import dev.kiln.runtime.init.SeedStreams;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The random source of a model's training passes (dropout masks, stochastic-depth gates). Its state
 * lives in a LONG [2] array, the state buffer {@code rng.state}, so that it is saved, restored and
 * rolled back like the running statistics; the native generator only carries it through one pass.
 *
 * <p>A pass starts the generator at the state in the array ({@link #begin}) and, once its last
 * statement has run, writes back where the generator ended ({@link #end}). Restoring the array
 * therefore restores every later draw, and a pass that throws before its end leaves it unchanged.
 *
 * <p>Frozen ({@link #freeze}), {@link #end} writes nothing back: every frozen pass starts from the
 * same state and draws the same dropout masks, so a gradient check sees one fixed function. The
 * masks are not state of their own: each pass draws them before reading them.
 */
public final class TrainingRandomness {
    private final Random generator;
    private final INDArray state;
    private boolean frozen;

    /** A generator seeded with {@code seed}. */
    public TrainingRandomness(long seed) {
        generator = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        state = Nd4j.createFromArray(generator.rootState(), generator.nodeState());
    }

    /**
     * A generated model's generator: seeded from the model seed's stream {@code "dropout"}
     * ({@link SeedStreams}), apart from every parameter's, so adding dropout
     * to a model leaves its initial weights unchanged.
     */
    public static TrainingRandomness forModelSeed(long seed) {
        return new TrainingRandomness(new SeedStreams(seed).seedFor("dropout"));
    }

    /** The state buffer: root and node state of the generator, LONG [2]. */
    public INDArray state() {
        return state;
    }

    /** The generator, positioned at the state in {@link #state()}: call at the start of a training pass. */
    public Random begin() {
        generator.setStates(state.getLong(0), state.getLong(1));
        return generator;
    }

    /** Records where the pass left the generator, unless frozen: call after a pass's last statement. */
    public void end() {
        if (!frozen) {
            state.data().put(0, generator.rootState());
            state.data().put(1, generator.nodeState());
        }
    }

    /** When frozen, passes do not advance the state, so they repeat the same draws. */
    public void freeze(boolean on) {
        frozen = on;
    }

    public boolean frozen() {
        return frozen;
    }
}
