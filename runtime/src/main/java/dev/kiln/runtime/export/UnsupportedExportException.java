package dev.kiln.runtime.export;

import java.util.List;

/** A model with layers that have no ONNX form at the exported opset; nothing was written. */
public class UnsupportedExportException extends IllegalArgumentException {
    private final transient List<String> layers;

    public UnsupportedExportException(String message, List<String> layers) {
        super(message);
        this.layers = List.copyOf(layers);
    }

    /** The layers that cannot be exported, each as {@code name (kind: why)}. */
    public List<String> layers() {
        return layers;
    }
}
