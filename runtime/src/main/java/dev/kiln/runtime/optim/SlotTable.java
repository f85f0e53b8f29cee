package dev.kiln.runtime.optim;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-parameter slots of one assembled chain, keyed by parameter name, and their saved form:
 * one array per transform state, under {@code <parameter>/<transform id>.<state name>}. State loaded
 * from a checkpoint waits here until its parameter's next step.
 */
final class SlotTable {
    private final List<GradientTransform> links;
    // The links, then the parameter average if there is one: whatever keeps arrays in the slots, in slot order.
    private final List<SlotState> transforms;
    private final int scratchArrays;
    private final int[] stateSizes;
    private final Map<String, ParameterSlot> slots = new HashMap<>();
    private final Map<String, INDArray> pending = new TreeMap<>();

    /** @param owner names the optimizer in messages */
    SlotTable(List<GradientTransform> links, @Nullable ParameterAverage average, String owner) {
        List<SlotState> all = new ArrayList<>(links);
        if (average != null) {
            all.add(average);
        }
        Set<String> ids = new HashSet<>();
        int[] sizes = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            SlotState transform = all.get(i);
            if (!ids.add(transform.id())) {
                throw new IllegalStateException("two transforms of " + owner + " share the id '" + transform.id()
                        + "', so their state could not be told apart: " + all);
            }
            sizes[i] = transform.stateNames().size();
        }
        this.links = List.copyOf(links);
        this.transforms = List.copyOf(all);
        this.scratchArrays = links.stream().mapToInt(GradientTransform::scratchArrays).max().orElse(0);
        this.stateSizes = sizes;
    }

    /** The links in the order they run. */
    List<GradientTransform> transforms() {
        return links;
    }

    /** The slot index of the parameter average's state, -1 without one. */
    int averageIndex() {
        return transforms.size() > links.size() ? links.size() : -1;
    }

    @Nullable ParameterSlot get(String name) {
        return slots.get(name);
    }

    /** A new slot for {@code parameter}: each transform's state from the loaded checkpoint, or initialized. */
    ParameterSlot create(Parameter parameter, ParameterSettings settings) {
        ParameterSlot slot = new ParameterSlot(parameter, settings, scratchArrays, stateSizes);
        for (int i = 0; i < transforms.size(); i++) {
            INDArray[] state = slot.state(i);
            boolean restored = false;
            for (int j = 0; j < state.length; j++) {
                String key = key(parameter.name(), i, j);
                INDArray saved = pending.remove(key);
                if (saved != null) {
                    restore(key, saved, state[j]);
                    restored = true;
                }
            }
            if (!restored) {
                transforms.get(i).initialize(slot, state);
            }
        }
        slots.put(parameter.name(), slot);
        return slot;
    }

    private static void restore(String key, INDArray saved, INDArray target) {
        if (!Arrays.equals(saved.shape(), target.shape())) {
            throw new IllegalArgumentException("saved optimizer state " + key + " has shape "
                    + Arrays.toString(saved.shape()) + " but the parameter has " + Arrays.toString(target.shape()));
        }
        target.assign(saved);
    }

    private String key(String parameter, int transform, int index) {
        SlotState t = transforms.get(transform);
        return parameter + "/" + t.id() + "." + t.stateNames().get(index);
    }

    /** Copies of every state array, including loaded ones whose parameter has not stepped since. */
    void save(Map<String, INDArray> into) {
        for (Map.Entry<String, ParameterSlot> entry : new TreeMap<>(slots).entrySet()) {
            for (int i = 0; i < transforms.size(); i++) {
                INDArray[] arrays = entry.getValue().state(i);
                for (int j = 0; j < arrays.length; j++) {
                    into.put(key(entry.getKey(), i, j), arrays[j].dup());
                }
            }
        }
        pending.forEach((key, value) -> into.putIfAbsent(key, value.dup()));
    }

    /** Copies of the per-parameter arrays in {@code reader}'s state that this chain knows, read through the reader. */
    Map<String, INDArray> read(StateReader reader) {
        Set<String> suffixes = new HashSet<>();
        for (SlotState transform : transforms) {
            for (String name : transform.stateNames()) {
                suffixes.add(transform.id() + "." + name);
            }
        }
        Map<String, INDArray> arrays = new TreeMap<>();
        for (String key : reader.keys()) {
            int slash = key.lastIndexOf('/');
            if (slash > 0 && suffixes.contains(key.substring(slash + 1))) {
                arrays.put(key, reader.array(key).dup());
            }
        }
        return arrays;
    }

    /** Drops every slot; each parameter takes its arrays from {@code arrays} (or fresh ones) at its next step. */
    void replaceWith(Map<String, INDArray> arrays) {
        slots.clear();
        pending.clear();
        pending.putAll(arrays);
    }

    /** The live array of a state key, not a copy; null if there is none. */
    @Nullable INDArray live(String key) {
        int slash = key.indexOf('/');
        ParameterSlot slot = slash < 0 ? null : slots.get(key.substring(0, slash));
        if (slot == null) {
            return null;
        }
        for (int i = 0; i < transforms.size(); i++) {
            for (int j = 0; j < stateSizes[i]; j++) {
                if (key(slot.name(), i, j).equals(key)) {
                    return slot.state(i)[j];
                }
            }
        }
        return null;
    }
}
