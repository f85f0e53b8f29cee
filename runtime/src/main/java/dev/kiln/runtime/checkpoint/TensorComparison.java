package dev.kiln.runtime.checkpoint;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Compares stored tensors with a model's arrays name by name: the {@link LoadReport} of a load. */
final class TensorComparison {
    private TensorComparison() {
    }

    /** @param stored the checkpoint's tensors under the names of the model's arrays */
    static LoadReport compare(Map<String, StoredTensor> stored, Map<String, INDArray> model) {
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, INDArray> entry : model.entrySet()) {
            StoredTensor tensor = stored.get(entry.getKey());
            INDArray array = entry.getValue();
            if (tensor == null) {
                missing.add(entry.getKey());
            } else if (!fits(tensor, array)) {
                mismatched.add(entry.getKey() + ": checkpoint " + tensor.type() + " " + Arrays.toString(tensor.shape())
                        + ", model " + TensorType.of(array.dataType()) + " " + Arrays.toString(array.shape()));
            } else {
                loaded.add(entry.getKey());
            }
        }
        List<String> unexpected = stored.keySet().stream().filter(name -> !model.containsKey(name)).toList();
        return new LoadReport(loaded, missing, unexpected, mismatched);
    }

    static boolean fits(StoredTensor tensor, INDArray array) {
        return tensor.type().dataType() == array.dataType() && Arrays.equals(tensor.shape(), array.shape());
    }
}
