package dev.kiln.runtime;

import dev.kiln.runtime.kernels.ArrayCopy;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A preallocated copy of a model's state buffers ({@link KilnNet#stateBuffers()}): {@link #save}
 * copies them in, {@link #restore} copies them back, bit for bit. The copies are made once, so a
 * training loop that saves before every step creates no array; the buffers are small (two numbers per
 * batch-norm channel and two for the random generator).
 */
public final class StateBackup {
    private final List<StateBuffer> buffers;
    private final INDArray[] copies;

    public StateBackup(List<StateBuffer> buffers) {
        this.buffers = List.copyOf(buffers);
        this.copies = new INDArray[buffers.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = buffers.get(i).value().dup();
        }
    }

    /** A backup of {@code net}'s state buffers, holding their current values. */
    public static StateBackup of(KilnNet net) {
        return new StateBackup(net.stateBuffers());
    }

    /** Copies the current state into the backup. */
    public void save() {
        for (int i = 0; i < copies.length; i++) {
            ArrayCopy.copy(buffers.get(i).value(), copies[i]);
        }
    }

    /** Puts the state saved last back into the model. */
    public void restore() {
        for (int i = 0; i < copies.length; i++) {
            ArrayCopy.copy(copies[i], buffers.get(i).value());
        }
    }
}
