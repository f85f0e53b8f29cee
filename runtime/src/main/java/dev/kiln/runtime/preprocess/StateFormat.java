package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/** Helpers for the state maps of the transforms. */
final class StateFormat {
    static final String MAGIC = "kiln-input-transform";
    static final int VERSION = 1;

    private StateFormat() {
    }

    static INDArray get(Map<String, INDArray> state, String kind, String key) {
        INDArray value = state.get(key);
        if (value == null) {
            throw new IllegalArgumentException(kind + " state has no '" + key + "'; it has " + state.keySet());
        }
        return value.dup();
    }

    static double scalar(Map<String, INDArray> state, String kind, String key) {
        return get(state, kind, key).getDouble(0);
    }

    static INDArray scalar(double value) {
        return Nd4j.scalar(DataType.DOUBLE, value);
    }

    static INDArray shape(long[] shape) {
        return Nd4j.createFromArray(shape.clone());
    }

    static long[] shape(Map<String, INDArray> state, String kind, String key) {
        return get(state, kind, key).toLongVector();
    }
}
