package dev.kiln.runtime.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named metric values in a fixed order, as one accumulator computed them, e.g. {@code accuracy},
 * {@code macro_f1} or {@code rmse}; the names are the constants of {@link MetricNames}. Empty for an
 * epoch without held-out data.
 */
public final class MetricValues {
    private static final MetricValues EMPTY = new MetricValues(Map.of());

    private final Map<String, Double> values;

    public MetricValues(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static MetricValues empty() {
        return EMPTY;
    }

    /** The value of {@code name}; an error naming the metrics there are when it is not one of them. */
    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + name + "'" + (values.isEmpty() ? " (none were computed)"
                    : "; the metrics are " + values.keySet()));
        }
        return value;
    }

    /** The value of {@code name}, or NaN when it was not computed. */
    public double getOrNaN(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public List<Double> asList() {
        return List.copyOf(values.values());
    }

    public Map<String, Double> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricValues that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
