package dev.kiln.runtime.checkpoint;

import dev.kiln.runtime.ConcurrentUseGuard;
import dev.kiln.runtime.KilnNet;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Loads tensors into a model by name, all or nothing: the selected stored tensors and model arrays
 * are compared, a shape or dtype mismatch (or in strict mode any missing or unexpected tensor) is
 * refused with the report, and only then are the matches written. What {@link Checkpoint#loadMatching}
 * and {@link TorchImport} share.
 */
final class MatchingLoad {
    private MatchingLoad() {
    }

    /**
     * @param stored     candidate tensors under Kiln names
     * @param modelArray which of the model's arrays take part (besides the options' selection)
     * @param what       what is being loaded into what, for the message
     */
    static LoadReport load(Map<String, StoredTensor> stored, KilnNet net, MatchOptions options,
                           Predicate<String> modelArray, String what) {
        Map<String, StoredTensor> selected = new LinkedHashMap<>();
        stored.forEach((name, tensor) -> {
            if (options.selects(name)) {
                selected.put(name, tensor);
            }
        });
        Map<String, INDArray> model = new LinkedHashMap<>();
        ModelTensors.of(net).forEach((name, array) -> {
            if (options.selects(name) && modelArray.test(name)) {
                model.put(name, array);
            }
        });
        LoadReport report = TensorComparison.compare(selected, model);
        if (!report.mismatched().isEmpty() || (options.isStrict() && !report.exact())) {
            throw new StateMismatchException("cannot load " + what + " (" + options + "): " + report
                    + (report.mismatched().isEmpty() ? "" : "; skip(...) the layers whose shapes changed"), report);
        }
        Map<String, StoredTensor> values = new LinkedHashMap<>();
        report.loaded().forEach(name -> values.put(name, selected.get(name)));
        ConcurrentUseGuard guard = net.concurrencyGuard();
        guard.enterTraining();
        try {
            ModelTensors.assign(net, values);
        } finally {
            guard.exitTraining();
        }
        return report;
    }
}
