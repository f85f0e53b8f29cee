package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything between raw data and a model's input, saved as one: a table's encoding (when the data
 * came from a table) and the fitted input transforms, applied in order. A model trained on
 * standardized one-hot CSV columns is deployed with its pipeline, so a prediction sees its inputs
 * encoded and scaled exactly as in training.
 *
 * @param encoding   the table encoding, or null for data that did not come from a table
 * @param transforms fitted transforms, applied in order by {@link #transform}
 */
public record InputPipeline(TableEncoding encoding, List<InputTransform> transforms) {

    public InputPipeline {
        transforms = List.copyOf(transforms);
        for (InputTransform t : transforms) {
            if (!t.isFitted()) {
                throw new IllegalArgumentException(t.kind() + " is not fitted: fit it on the training split first");
            }
        }
    }

    public static InputPipeline of(TableEncoding encoding, InputTransform... transforms) {
        return new InputPipeline(encoding, List.of(transforms));
    }

    /** The features after every transform, in order; the input array is not written. */
    public INDArray transform(INDArray features) {
        INDArray x = features;
        for (InputTransform t : transforms) {
            x = t.transform(x);
        }
        return x;
    }

    /**
     * The state of every step as one map, for checkpoints: keys {@code step<i>.<kind>.<key>}, e.g.
     * {@code step0.tableEncoding.features} and {@code step1.standardize.mean}.
     */
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        List<StateFormat.Step> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            String prefix = "step" + i + "." + steps.get(i).kind() + ".";
            steps.get(i).state().forEach((key, value) -> state.put(prefix + key, value));
        }
        return state;
    }

    /** The pipeline a {@link #state()} map describes. */
    public static InputPipeline restore(Map<String, INDArray> state) {
        Map<Integer, StateFormat.Step> steps = new java.util.TreeMap<>();
        for (Map.Entry<String, INDArray> entry : state.entrySet()) {
            java.util.regex.Matcher key = STEP_KEY.matcher(entry.getKey());
            if (!key.matches()) {
                throw new IllegalArgumentException("input pipeline state key '" + entry.getKey()
                        + "' is not step<i>.<kind>.<key>");
            }
            steps.computeIfAbsent(Integer.valueOf(key.group(1)), i -> new StateFormat.Step(key.group(2), new LinkedHashMap<>()))
                    .state().put(key.group(3), entry.getValue());
        }
        return fromSteps(List.copyOf(steps.values()));
    }

    private static final java.util.regex.Pattern STEP_KEY = java.util.regex.Pattern.compile("step(\\d+)\\.(\\w+)\\.(.+)");

    private List<StateFormat.Step> steps() {
        List<StateFormat.Step> steps = new ArrayList<>();
        if (encoding != null) {
            steps.add(new StateFormat.Step(TableEncoding.KIND, encoding.state()));
        }
        for (InputTransform t : transforms) {
            steps.add(new StateFormat.Step(t.kind(), t.state()));
        }
        return steps;
    }

    public void write(OutputStream out) throws IOException {
        StateFormat.write(steps(), out);
    }

    /** Reads a pipeline written by {@link #write} (or a single transform or encoding written on its own). */
    public static InputPipeline read(InputStream in) throws IOException {
        return fromSteps(StateFormat.read(in));
    }

    private static InputPipeline fromSteps(List<StateFormat.Step> steps) {
        TableEncoding encoding = null;
        List<InputTransform> transforms = new ArrayList<>();
        for (StateFormat.Step step : steps) {
            if (step.kind().equals(TableEncoding.KIND)) {
                if (encoding != null || !transforms.isEmpty()) {
                    throw new IllegalArgumentException("a table encoding comes first in a pipeline, and only once");
                }
                encoding = TableEncoding.restore(step.state());
            } else {
                transforms.add(InputTransform.restore(step.kind(), step.state()));
            }
        }
        return new InputPipeline(encoding, transforms);
    }
}
