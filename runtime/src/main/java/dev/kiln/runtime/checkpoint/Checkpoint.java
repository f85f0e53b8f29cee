package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.GraphFingerprint;
import dev.kiln.runtime.ConcurrentUseGuard;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.preprocess.InputTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's weights and state, and optionally its optimizer's state, the trainer's progress and the
 * fitted input transform, in one safetensors file (see docs/checkpoints.md for the layout).
 *
 * <pre>{@code
 * Checkpoint.of(net).optimizer(adam).inputTransform(standardize).save(path);
 * Checkpoint checkpoint = Checkpoint.read(path);     // verified: layout, checksums
 * checkpoint.restore(net, adam);                     // all or nothing
 * }</pre>
 *
 * <p>Reading verifies the whole file; restoring first checks that the checkpoint fits (model class,
 * graph fingerprint, every tensor's name, shape and dtype, the optimizer's configuration and the
 * shape of each of its state arrays) and changes nothing when it does not: a
 * {@link StateMismatchException} then lists what differs.
 */
public final class Checkpoint {
    static final String MODEL_KEY = "model";
    static final String GRAPH_NAME_KEY = "graph_name";
    static final String FINGERPRINT_KEY = "graph_fingerprint";
    static final String GRAPH_KEY = "graph";
    static final String VERSION_KEY = "kiln_version";
    static final String DTYPE_KEY = "dtype";
    static final String OPTIMIZER_KEY = "optimizer";
    static final String TRANSFORM_KEY = "input_transform";
    /** Prefixes of the tensors that are not the model's: no layer name has a slash. */
    static final String OPTIMIZER_PREFIX = "optimizer/";
    static final String TRANSFORM_PREFIX = "input_transform/";
    private static final java.util.Set<String> RESERVED = java.util.Set.of(MODEL_KEY, GRAPH_NAME_KEY, FINGERPRINT_KEY,
            GRAPH_KEY, VERSION_KEY, DTYPE_KEY, OPTIMIZER_KEY, TRANSFORM_KEY);

    private final Path source;
    private final Map<String, String> metadata;
    private final Map<String, StoredTensor> tensors;

    private Checkpoint(Path source, Map<String, String> metadata, Map<String, StoredTensor> tensors) {
        this.source = source;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Starts a checkpoint of {@code net}'s weights and state; add more, then {@link Saver#save}. */
    public static Saver of(KilnNet net) {
        return new Saver(net);
    }

    /**
     * Reads and verifies a checkpoint: the safetensors layout, the Kiln marker, every checksum.
     *
     * @throws CheckpointFormatException for a truncated, damaged or foreign file
     */
    public static Checkpoint read(Path file) throws IOException {
        SafetensorsReader.Contents contents = CheckpointFile.read(file);
        for (String key : List.of(MODEL_KEY, FINGERPRINT_KEY, DTYPE_KEY)) {
            if (!contents.metadata().containsKey(key)) {
                throw new CheckpointFormatException(file + " is a Kiln checkpoint without the '" + key + "' entry");
            }
        }
        return new Checkpoint(file, contents.metadata(), contents.tensors());
    }

    /** The generated class it was saved from, e.g. {@code dev.kiln.samples.fashion.FashionMlpNet}. */
    public String modelClass() {
        return required(MODEL_KEY);
    }

    public @Nullable String graphName() {
        return metadata.get(GRAPH_NAME_KEY);
    }

    /** {@link GraphFingerprint#of} the saved model's graph. */
    public String fingerprint() {
        return required(FINGERPRINT_KEY);
    }

    public @Nullable String kilnVersion() {
        return metadata.get(VERSION_KEY);
    }

    public DataType dataType() {
        TensorType type = TensorType.named(required(DTYPE_KEY));
        return type == null ? DataType.UNKNOWN : type.dataType();
    }

    public Path source() {
        return source;
    }

    /** An entry {@link #read} made sure of (a checkpoint made by {@link #of} has them all). */
    private String required(String key) {
        return java.util.Objects.requireNonNull(metadata.get(key), key);
    }

    /** Every metadata entry (strings, some of them JSON). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Copies of the model's tensors (parameters and state buffers), by {@code layer.role}. */
    public Map<String, INDArray> modelTensors() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        modelEntries().forEach((name, tensor) -> arrays.put(name, tensor.toArray()));
        return arrays;
    }

    Map<String, StoredTensor> modelEntries() {
        Map<String, StoredTensor> model = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (name.indexOf('/') < 0) {
                model.put(name, tensor);
            }
        });
        return model;
    }

    Map<String, StoredTensor> withPrefix(String prefix) {
        Map<String, StoredTensor> section = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (name.startsWith(prefix)) {
                section.put(name.substring(prefix.length()), tensor);
            }
        });
        return section;
    }

    public boolean hasOptimizerState() {
        return metadata.containsKey(OPTIMIZER_KEY);
    }

    /** The saved optimizer's configuration as its {@code toString()} gave it, or null. */
    public @Nullable String optimizerDescription() {
        return metadata.get(OPTIMIZER_KEY);
    }

    /** The fitted input transform saved with the model, restored, if there was one. */
    public Optional<InputTransform> inputTransform() {
        String kind = metadata.get(TRANSFORM_KEY);
        if (kind == null) {
            return Optional.empty();
        }
        Map<String, INDArray> state = new LinkedHashMap<>();
        withPrefix(TRANSFORM_PREFIX).forEach((key, tensor) -> state.put(key, tensor.toArray()));
        return Optional.of(InputTransform.restore(kind, state));
    }

    /** A named part saved by another component (the trainer saves its progress as {@code trainer}). */
    public record Section(String value, Map<String, INDArray> arrays) {
    }

    /** The section saved under {@code key} with {@link Saver#section}, decoded, if there is one. */
    public Optional<Section> section(String key) {
        String value = metadata.get(key);
        if (value == null || RESERVED.contains(key)) {
            return Optional.empty();
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        withPrefix(key + "/").forEach((name, tensor) -> arrays.put(name, tensor.toArray()));
        return Optional.of(new Section(value, arrays));
    }

    /** Restores the model only. See {@link #restore(KilnNet, Optimizer)}. */
    public void restore(KilnNet net) {
        restore(net, null);
    }

    /**
     * Puts the saved weights and state into {@code net} and, unless null, the saved optimizer state
     * into {@code optimizer}: both or neither. The checkpoint must come from the same model class
     * with the same graph and dtype, and the optimizer must be configured as the saved one was.
     *
     * @throws StateMismatchException when anything differs; nothing was changed
     */
    public void restore(KilnNet net, @Nullable Optimizer optimizer) {
        new StrictRestore(this, net).check();
        ConcurrentUseGuard guard = net.concurrencyGuard();
        guard.enterTraining();
        try {
            if (optimizer != null) {
                optimizer.loadState(new OptimizerSection(this, net).checked(optimizer));
            }
            ModelTensors.assign(net, modelEntries());
        } finally {
            guard.exitTraining();
        }
    }

    /**
     * Transfer learning: loads the tensors whose names the model shares with the checkpoint (of any
     * model class and graph), as {@code options} select, and reports what matched. The whole
     * selection is checked first: a shape or dtype mismatch, or in strict mode any missing or
     * unexpected tensor, throws a {@link StateMismatchException} with the report and changes nothing.
     */
    public LoadReport loadMatching(KilnNet net, MatchOptions options) {
        return MatchingLoad.load(modelEntries(), net, options, name -> true,
                source + " (" + graphName() + ") into " + net.graph().name());
    }

    @Override
    public String toString() {
        return "checkpoint of " + modelClass() + " (" + metadata.get(DTYPE_KEY) + ", " + modelEntries().size()
                + " model tensors" + (hasOptimizerState() ? ", optimizer " + optimizerDescription() : "") + ") from "
                + source;
    }

    /** Collects what goes into a checkpoint; {@link #save} writes it atomically. */
    public static final class Saver {
        private final KilnNet net;
        private @Nullable Optimizer optimizer;
        private @Nullable InputTransform transform;
        private final Map<String, String> extraMetadata = new LinkedHashMap<>();
        private final List<StoredTensor> extraTensors = new ArrayList<>();

        private Saver(KilnNet net) {
            this.net = net;
        }

        /** Also saves every slot, counter and schedule state of {@code value}. */
        public Saver optimizer(Optimizer value) {
            optimizer = value;
            return this;
        }

        /** Also saves a fitted input transform, so inference can apply the training statistics. */
        public Saver inputTransform(InputTransform value) {
            if (!value.isFitted()) {
                throw new IllegalStateException(value.kind() + " is not fitted; only a fitted transform can be saved");
            }
            transform = value;
            return this;
        }

        /**
         * Also saves a named section of another component: {@code value} as the metadata entry
         * {@code key}, each array as the tensor {@code key/name}. The trainer saves its progress so.
         */
        public Saver section(String key, String value, Map<String, INDArray> arrays) {
            if (RESERVED.contains(key) || key.indexOf('/') >= 0 || extraMetadata.containsKey(key)) {
                throw new IllegalArgumentException("section name '" + key + "' is taken or contains '/'");
            }
            extraMetadata.put(key, value);
            arrays.forEach((name, array) -> extraTensors.add(StoredTensor.of(key + "/" + name, array)));
            return this;
        }

        public void save(Path path) throws IOException {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(MODEL_KEY, net.getClass().getName());
            metadata.put(GRAPH_NAME_KEY, net.graph().name());
            metadata.put(FINGERPRINT_KEY, GraphFingerprint.of(net.graph()));
            metadata.put(GRAPH_KEY, String.join("\n", GraphFingerprint.canonicalText(net.graph())));
            metadata.put(VERSION_KEY, KilnVersion.get());
            metadata.put(DTYPE_KEY, TensorType.of(net.dataType()).name());
            List<StoredTensor> tensors = new ArrayList<>();
            ModelTensors.of(net).forEach((name, array) -> tensors.add(StoredTensor.of(name, array)));
            if (optimizer != null) {
                metadata.put(OPTIMIZER_KEY, optimizer.toString());
                optimizer.saveState().forEach((key, array) -> tensors.add(StoredTensor.of(OPTIMIZER_PREFIX + key, array)));
            }
            if (transform != null) {
                metadata.put(TRANSFORM_KEY, transform.kind());
                transform.state().forEach((key, array) -> tensors.add(StoredTensor.of(TRANSFORM_PREFIX + key, array)));
            }
            metadata.putAll(extraMetadata);
            tensors.addAll(extraTensors);
            CheckpointFile.write(path, metadata, tensors);
        }
    }
}
