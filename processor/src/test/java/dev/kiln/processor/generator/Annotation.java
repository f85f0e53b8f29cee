package dev.kiln.processor.generator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** An annotation as source, {@code @Dense(units = 4, activation = Activation.RELU)}, built one attribute at a time. */
record Annotation(String type, Map<String, String> attributes) {

    static Annotation of(String type, String... attributesAndValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < attributesAndValues.length; i += 2) {
            attributes.put(attributesAndValues[i], attributesAndValues[i + 1]);
        }
        return new Annotation(type, attributes);
    }

    /** The same annotation with {@code attribute = value}, replacing a value it had. */
    Annotation with(String attribute, String value) {
        Map<String, String> changed = new LinkedHashMap<>(attributes);
        changed.put(attribute, value);
        return new Annotation(type, changed);
    }

    @Override
    public String toString() {
        if (attributes.isEmpty()) {
            return "@" + type;
        }
        return "@" + type + attributes.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
