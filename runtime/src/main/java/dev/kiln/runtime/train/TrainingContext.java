package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a {@link TrainingListener} may ask of the trainer that calls it. */
public interface TrainingContext {

    KilnNet net();

    Optimizer optimizer();

    /** The epochs the fit runs to (epoch numbers continue across a resume). */
    int epochs();

    /** The results of the epochs completed so far, resumed ones included. */
    List<EpochResult> history();

    /** The L2 norm of all the model's gradients, from the last step (computed on demand). */
    double gradientNorm();

    /**
     * Saves model, optimizer and trainer state now, atomically; resuming from the file continues
     * exactly from this point, in the middle of an epoch or at its end.
     */
    void saveCheckpoint(Path path) throws IOException;

    /** Ends the fit after the current epoch (onEpochEnd and onFitEnd still run). */
    void stop(String reason);
}
