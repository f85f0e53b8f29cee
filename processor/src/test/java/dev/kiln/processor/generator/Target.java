package dev.kiln.processor.generator;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

/**
 * An annotation under test: its baseline (the required attributes, with values that work), the
 * host it is tried in, the type of its field, and, for attributes that only mean something with
 * another attribute set, the contexts that give them meaning ({@code Init.std} under
 * {@code scheme = NORMAL}). The first context is the one the CI scale uses.
 */
record Target(Class<? extends Annotation> type, dev.kiln.processor.generator.Annotation baseline, Host host, String fieldType,
              Map<String, List<Map<String, String>>> contexts) {

    /** The field declaration with {@code annotation} on it. */
    String field(dev.kiln.processor.generator.Annotation annotation) {
        return annotation + " " + fieldType + " target;";
    }

    /** The settings that give {@code attribute} its meaning, each a set of other attributes; one empty setting when it needs none. */
    List<Map<String, String>> contextsOf(String attribute, boolean large) {
        return AttributeCases.contexts(contexts, attribute, large);
    }
}
