package dev.kiln.runtime.checkpoint;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arrays of a model that a checkpoint holds, by name ({@code layer.role}): every parameter and
 * every state buffer (running statistics, the training random generator's state).
 */
final class ModelTensors {
    private ModelTensors() {
    }

    /** The model's own arrays (not copies), in layer order. */
    static Map<String, INDArray> of(KilnNet net) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Parameter parameter : net.parameters()) {
            arrays.put(parameter.name(), parameter.value());
        }
        for (StateBuffer buffer : net.stateBuffers()) {
            arrays.put(buffer.name(), buffer.value());
        }
        return arrays;
    }

    /**
     * Writes the stored values into the model's arrays of the same names. All values are decoded
     * before the first write, so nothing can fail half way; the caller has checked names and shapes.
     */
    static void assign(KilnNet net, Map<String, StoredTensor> values) {
        Map<String, INDArray> targets = of(net);
        List<Map.Entry<INDArray, INDArray>> writes = values.entrySet().stream()
                .map(e -> Map.entry(targets.get(e.getKey()), e.getValue().toArray())).toList();
        for (Map.Entry<INDArray, INDArray> write : writes) {
            write.getKey().assign(write.getValue());
        }
    }
}
