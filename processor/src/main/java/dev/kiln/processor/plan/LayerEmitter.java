package dev.kiln.processor.plan;

/**
 * Emits the generated code of one layer kind: its slots (spec constant, parameters, buffers),
 * its forward statements in each mode, and its backward statements. One implementation per kind;
 * new layer kinds add an emitter rather than branches elsewhere.
 */
interface LayerEmitter {

    /** Declares the layer's spec constant, parameters and buffers. */
    void declare(LayerContext layer, PlanBuilder plan);

    /**
     * Emits the inference forward pass reading {@code input} (an expression naming an array);
     * returns the expression naming the layer's output.
     */
    String inference(LayerContext layer, PlanBuilder plan, String input);

    /** As {@link #inference}, in training mode. */
    String training(LayerContext layer, PlanBuilder plan, String input);

    /**
     * Emits the backward pass: {@code gradOut} holds dL/d(output) and may be overwritten;
     * {@code gradIn} receives dL/d(input), or is null when nothing upstream needs it.
     */
    void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn);
}
