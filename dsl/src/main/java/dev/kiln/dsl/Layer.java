package dev.kiln.dsl;

/**
 * The type of a layer field. It carries nothing: the annotation on the field says what the layer
 * is, and the generated class holds its parameters. Declaring fields of this type keeps models
 * readable and lets the processor tell layers from ordinary fields.
 */
public final class Layer {
    private Layer() {
    }
}
