package dev.kiln.samples.state;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything a training step may change, copied: every parameter, every state buffer (running
 * statistics, the random generator) and the optimizer's whole state (slots, step count, schedule
 * and plateau), compared byte for byte.
 */
final class ModelState {
    private final Map<String, byte[]> arrays = new TreeMap<>();

    private ModelState() {
    }

    static ModelState of(KilnNet net, Optimizer optimizer) {
        ModelState state = new ModelState();
        for (Parameter parameter : net.parameters()) {
            state.put("parameter " + parameter.name(), parameter.value());
        }
        for (StateBuffer buffer : net.stateBuffers()) {
            state.put("state " + buffer.name(), buffer.value());
        }
        for (Map.Entry<String, INDArray> entry : optimizer.saveState().entrySet()) {
            state.put("optimizer " + entry.getKey(), entry.getValue());
        }
        return state;
    }

    private void put(String name, INDArray value) {
        arrays.put(name + " " + value.dataType() + Arrays.toString(value.shape()), value.dup('c').data().asBytes());
    }

    void assertSameAs(ModelState expected, String when) {
        assertEquals(expected.arrays.keySet(), arrays.keySet(), when + ": the same arrays");
        for (Map.Entry<String, byte[]> entry : expected.arrays.entrySet()) {
            assertTrue(Arrays.equals(entry.getValue(), arrays.get(entry.getKey())), when + ": " + entry.getKey() + " changed");
        }
    }

    boolean sameAs(ModelState other) {
        return arrays.keySet().equals(other.arrays.keySet())
                && arrays.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.arrays.get(e.getKey())));
    }
}
