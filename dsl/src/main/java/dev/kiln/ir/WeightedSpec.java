package dev.kiln.ir;

/**
 * A layer with a weight, an optional bias and an activation (Dense, Conv2d): what initializer
 * defaults, init lints and batch-norm folding work on.
 */
public sealed interface WeightedSpec extends LayerSpec permits DenseSpec, ConvSpec {

    boolean bias();

    ActivationFunction activation();

    InitSpec weightInit();

    InitSpec biasInit();

    /** The weight's shape for an input of shape {@code in}. */
    long[] weightShape(Shape in);

    WeightedSpec withBias(boolean bias);

    WeightedSpec withInits(InitSpec weightInit, InitSpec biasInit);

    /** Its outputs per example position: a Dense layer's units, a Conv2d's filters. */
    int outputs();

    /** The same layer with {@code factor} times its outputs (filters or units). */
    WeightedSpec widened(int factor);
}
