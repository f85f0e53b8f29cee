package dev.kiln.processor.plan;

import javax.lang.model.element.AnnotationMirror;

/** A layer's annotation as the user wrote it, for comments: {@code @Conv2d(filters=64, kernel=3)}. */
final class Declarations {
    private Declarations() {
    }

    /** The annotation's text without package names ({@code Activation.RELU}), one-element arrays as written ({@code kernel=3}). */
    static String of(AnnotationMirror annotation) {
        return annotation.toString().replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z])", "$1")
                .replaceAll("\\{([^{},]*)\\}", "$1");
    }
}
