package dev.kiln.processor;

import dev.kiln.processor.read.SourceLines;

import javax.annotation.processing.Generated;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which generated class names are taken, so a model whose class cannot be written gets a user
 * error (KILN-E015) rather than javac's refusal to recreate a file. A name is taken by another
 * model of this compilation, or by a class compiled from source in it (a hand-written {@code MNet}).
 * A class of that name only on the class path is not a conflict: javac lets a source replace it.
 */
final class GeneratedClassNames {
    private final Elements elements;
    private final SourceLines sourceLines;
    /** Generated class -> the model that generates it, over all rounds. */
    private final Map<String, String> claimed = new HashMap<>();

    GeneratedClassNames(Elements elements, SourceLines sourceLines) {
        this.elements = elements;
        this.sourceLines = sourceLines;
    }

    /** Why {@code generated} cannot be written for {@code model}, or empty when it is free; claims it when free. */
    Optional<String> claim(String generated, TypeElement model) {
        String previous = claimed.get(generated);
        if (previous != null) {
            return Optional.of("model " + previous + " generates a class of that name too");
        }
        TypeElement existing = elements.getTypeElement(generated);
        Optional<String> declared = existing == null ? Optional.empty() : sourceLines.locate(existing);
        if (declared.isPresent()) {
            Generated marker = existing.getAnnotation(Generated.class);
            boolean earlierOutput = marker != null && Arrays.asList(marker.value()).contains(KilnProcessor.class.getName());
            return Optional.of("a class of that name is declared in " + declared.get()
                    + (earlierOutput ? ", an earlier output of Kiln compiled as a source" : ""));
        }
        claimed.put(generated, model.getQualifiedName().toString());
        return Optional.empty();
    }
}
