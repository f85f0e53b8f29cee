package dev.kiln.ir;

import java.util.List;

/**
 * One layer of a model as the IR holds it. Each kind knows its own shape rule and its cost; the
 * rest of the system (processor, summary, runtime validation) asks it rather than switching on kinds.
 */
public sealed interface LayerSpec permits WeightedSpec, WindowedSpec, CostFreeSpec, PReluSpec, NormSpec, JoinSpec {

    /** The layer's name: the field name in the user's model. */
    String name();

    /** Short kind name for summaries, e.g. {@code Dense}. */
    String kind();

    /**
     * The output shape for an input of shape {@code in}.
     *
     * @throws ShapeException when the layer cannot take that input
     */
    Shape outputShape(Shape in) throws ShapeException;

    /**
     * The output shape for the shapes of all the layer's inputs, in the order of its node's inputs.
     * One input for every layer but the joins of residual and dense blocks.
     *
     * @throws ShapeException when the layer cannot take those inputs
     */
    default Shape outputShape(List<Shape> inputs) throws ShapeException {
        return outputShape(inputs.get(0));
    }

    /** How many inputs the layer reads. */
    default int arity() {
        return 1;
    }

    /** The same layer under another name: how a block declared once becomes one layer per repetition. */
    LayerSpec renamed(String name);

    /** Number of trainable parameters for an input of shape {@code in}. */
    long parameterCount(Shape in);

    /** Multiply-adds per example (the convention of the ResNet tables: dense ops = its weights). */
    long multiplyAdds(Shape in);

    /** One-line description for comments and the summary, e.g. {@code Dense 784 -> 256, relu}. */
    String describe(Shape in);

    /**
     * Whether what the activation before this layer did holds after it too: a rectified or squashed
     * output is still one after dropout, pooling, flatten and reshape. The logit-loss lint (KILN-W012)
     * looks through such layers for the activation on the output.
     */
    default boolean keepsActivation() {
        return false;
    }

    /**
     * Whether a linear layer before this one stays linear through it (dropout, normalization,
     * flatten, reshape): two Dense layers with only such layers between them collapse into one map
     * (KILN-W002).
     */
    default boolean keepsLinearity() {
        return false;
    }

    /**
     * Whether a linear layer's nonlinearity is still to come after this one (dropout,
     * normalization): initializer defaults and init lints look past it for the activation the layer
     * feeds ({@link FollowingActivation}).
     */
    default boolean defersActivation() {
        return false;
    }
}
