package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads a saved optimizer state, remembering which keys were used so that leftovers can be reported. */
final class StateReader {
    private final Map<String, INDArray> state;
    private final Set<String> used = new HashSet<>();

    StateReader(Map<String, INDArray> state) {
        this.state = state;
    }

    boolean has(String key) {
        return state.containsKey(key);
    }

    INDArray array(String key) {
        INDArray value = state.get(key);
        if (value == null) {
            throw new IllegalArgumentException("optimizer state has no '" + key + "'; keys present: " + new TreeSet<>(state.keySet()));
        }
        used.add(key);
        return value;
    }

    double doubleValue(String key) {
        return array(key).getDouble(0);
    }

    long longValue(String key) {
        return array(key).getLong(0);
    }

    Set<String> keys() {
        return state.keySet();
    }

    Set<String> unused() {
        Set<String> left = new TreeSet<>(state.keySet());
        left.removeAll(used);
        return left;
    }
}
