package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** Copies of a model's parameters and state buffers, to be put back later (early stopping's best weights). */
final class ModelSnapshot {
    private final List<INDArray> targets = new ArrayList<>();
    private final List<INDArray> copies = new ArrayList<>();

    ModelSnapshot(KilnNet net) {
        for (Parameter parameter : net.parameters()) {
            targets.add(parameter.value());
        }
        for (StateBuffer buffer : net.stateBuffers()) {
            targets.add(buffer.value());
        }
        for (INDArray target : targets) {
            copies.add(target.dup());
        }
    }

    /** Overwrites the copies with the model's current values. */
    void capture() {
        for (int i = 0; i < targets.size(); i++) {
            copies.get(i).assign(targets.get(i));
        }
    }

    /** Puts the copied values back into the model. */
    void restore() {
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).assign(copies.get(i));
        }
    }
}
