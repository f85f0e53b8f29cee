package dev.kiln.processor.plan;

import java.util.List;

/**
 * Emits the generated code of a layer that joins two inputs (residual addition, dense
 * concatenation). Like {@link LayerEmitter}, with a list of inputs and of input gradients.
 */
interface JoinEmitter {

    void declare(LayerContext layer, PlanBuilder plan);

    /** Emits the inference step reading {@code inputs}; returns the expression naming the output. */
    String inference(LayerContext layer, PlanBuilder plan, List<String> inputs);

    String training(LayerContext layer, PlanBuilder plan, List<String> inputs);

    /**
     * Emits the backward step: {@code gradOut} holds dL/d(output) and may be overwritten; each of
     * {@code gradIns} receives dL/d(that input), or is null when that input needs no gradient.
     */
    void backward(LayerContext layer, PlanBuilder plan, String output, String gradOut, List<String> gradIns);
}
