package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;

/**
 * A layer kind whose forward pass is one statement, the same in training and at inference, written
 * into the layer's {@code Out} buffer: activations, PReLU, maxout, pooling, reshapes. Subclasses
 * give the statement and the backward pass.
 */
abstract class SameInBothModesKind implements LayerKind {

    /** The forward statement reading {@code input} and writing {@link #out}. */
    abstract CodeBlock forward(LayerContext layer, String input);

    @Override
    public final String inference(LayerContext layer, PlanBuilder plan, String input) {
        plan.inference(layer.comment(), forward(layer, input));
        return out(layer);
    }

    @Override
    public final String training(LayerContext layer, PlanBuilder plan, String input) {
        plan.training(layer.comment(), forward(layer, input));
        return out(layer);
    }

    /** The expression naming the layer's output buffer, {@code b.<layer>Out}. */
    static String out(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("Out");
    }
}
