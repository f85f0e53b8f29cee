package dev.kiln.runtime.checkpoint;

import java.util.List;

/**
 * What loading a checkpoint into a model matched, like PyTorch's {@code load_state_dict} report.
 *
 * @param loaded     model tensors that took a value from the checkpoint
 * @param missing    model tensors the checkpoint has no value for
 * @param unexpected checkpoint tensors the model has no place for
 * @param mismatched tensors both have under one name but with another shape or dtype, each as
 *                   {@code name: checkpoint F32 [784,256], model F32 [784,128]}
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {

    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** True when every model tensor and every checkpoint tensor found its counterpart. */
    public boolean exact() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(loaded.size() + " tensors loaded");
        append(text, "missing from the checkpoint", missing);
        append(text, "unexpected (in the checkpoint, not in the model)", unexpected);
        append(text, "shape or dtype mismatches", mismatched);
        return text.toString();
    }

    private static void append(StringBuilder text, String what, List<String> names) {
        if (!names.isEmpty()) {
            text.append("; ").append(names.size()).append(' ').append(what).append(": ").append(names);
        }
    }
}
