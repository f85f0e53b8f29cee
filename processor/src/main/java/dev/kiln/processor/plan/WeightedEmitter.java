package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;

import static dev.kiln.processor.plan.RuntimeTypes.ND4J;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_LAYER;

/**
 * What Dense and Conv2d share: a weight, an optional bias and an activation; one fused kernel call
 * forward ({@code z = x * W + b}, {@code a = f(z)}); backward the activation's derivative in place
 * ({@link InPlaceActivationBackward}), then one call for dW, db and dx; and, in the inference snapshot only, a batch norm right after a
 * linear layer folded into copies of W and b. Subclasses write their kernel's calls (a Conv2d layer passes its
 * {@code Conv2dLayer} record, a Dense layer its arrays) and may declare the weight differently (weight norm).
 */
abstract class WeightedEmitter implements LayerEmitter {

    /**
     * The forward call {@code out = x * W + b} without activation: of the layer's own weights, or
     * (in the snapshot) of its weights with the batch norm after it folded in.
     */
    abstract CodeBlock linearForward(LayerContext layer, String input, boolean folded, String out);

    /** The forward call {@code z = x * W + b}, {@code out = f(z)}. */
    abstract CodeBlock activatedForward(LayerContext layer, String input, String z, String out);

    /** The backward call: dW and db from dL/dz {@code preActivationGrad}, and dx into {@code gradIn} unless it is "null". */
    abstract CodeBlock backwardCall(LayerContext layer, String input, String preActivationGrad, String gradIn);

    /** The snapshot's fold of batch norm {@code norm} into the folded weights and bias. */
    abstract CodeBlock foldCall(LayerContext layer, NormSpec norm);

    /** Declares the layer's record for its kernels, and the snapshot's folded one where {@code folds}; none by default. */
    void declareRecord(LayerContext layer, PlanBuilder plan, boolean folds) {
    }

    /** Declares the spec constant (and any geometry constant). */
    abstract void declareSpec(LayerContext layer, PlanBuilder plan);

    /** Declares W (a parameter, or computed from others) and its gradient buffer. */
    void declareWeight(LayerContext layer, PlanBuilder plan, long[] weightShape) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        plan.parameter(new ParameterSlot(spec.name(), "W", "WEIGHT", layer.member("W"), layer.member("WGrad"), weightShape,
                CodeBlock.of("$L.weightInit()", layer.specConstant()),
                spec.name() + " weights " + Names.shape(weightShape) + ", " + spec.weightInit()));
    }

    /** Statements that compute W before use (weight norm); none by default. */
    CodeBlock prepareWeight(LayerContext layer) {
        return CodeBlock.of("");
    }

    /**
     * The layer's {@code WeightLayer} for {@code Layerwise}, built in the constructor: W is the
     * parameter here; an emitter whose W is computed from other parameters says which, so that
     * edits through {@code Layerwise} reach them.
     */
    CodeBlock weightLayerEntry(LayerContext layer) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        return CodeBlock.of("$T.of($S, $L, $L)", WEIGHT_LAYER, spec.name(), layer.member("W"), spec.bias() ? layer.member("B") : "null");
    }

    /** Statements that turn dL/dW into the gradients of what W is computed from; none by default. */
    CodeBlock finishWeightGradient(LayerContext layer) {
        return CodeBlock.of("");
    }

    /** Extra words for the backward comment. */
    String backwardNote(LayerContext layer) {
        return "";
    }

    @Override
    public final void declare(LayerContext layer, PlanBuilder plan) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        declareSpec(layer, plan);
        long[] weightShape = spec.weightShape(layer.input());
        declareWeight(layer, plan, weightShape);
        long outputs = weightShape.length == 2 ? weightShape[1] : weightShape[0];
        if (spec.bias()) {
            plan.parameter(new ParameterSlot(spec.name(), "b", "BIAS", layer.member("B"), layer.member("BGrad"),
                    new long[] {outputs}, CodeBlock.of("$L.biasInit()", layer.specConstant()),
                    spec.name() + " bias [" + outputs + "], " + spec.biasInit()));
        }
        if (!spec.activation().isIdentity()) {
            plan.buffer(layer.member("Z"), layer.output(), spec.name() + " pre-activation");
        }
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output");
        if (layer.foldsBatchNorm() != null) {
            declareFolding(layer, plan, weightShape, outputs);
        }
        declareRecord(layer, plan, layer.foldsBatchNorm() != null);
    }

    private void declareFolding(LayerContext layer, PlanBuilder plan, long[] weightShape, long outputs) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        NormSpec norm = layer.foldsBatchNorm();
        plan.folded(layer.member("WFolded"), CodeBlock.of("$T.create(dataType, $L)", ND4J, Names.arguments(weightShape)),
                spec.name() + " weights with " + norm.name() + " folded in");
        plan.folded(layer.member("BFolded"), CodeBlock.of("$T.create(dataType, $L)", ND4J, outputs),
                spec.name() + " bias with " + norm.name() + " folded in");
        CodeBlock code = CodeBlock.builder().add(prepareWeight(layer)).add(foldCall(layer, norm)).build();
        plan.snapshotSetup(spec.name() + " + " + norm.name() + ": W' = W scaled per output by a = gamma / sqrt(running var + eps), "
                + "b' = a (b - running mean) + beta", code);
    }

    /**
     * The model's {@code forward} runs the layer as trained (its batch norm follows with the running
     * statistics); the snapshot's runs it with its batch norm folded in, straight into the batch norm's
     * output buffer, and computes weight norm's W once when it is taken rather than on every call.
     */
    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        NormSpec norm = layer.foldsBatchNorm();
        CodeBlock prepare = prepareWeight(layer);
        if (norm != null) {
            plan.modelInference(layer.comment(), forwardCall(layer, input, true));
            plan.snapshotInference(layer.comment() + ", with " + norm.name() + " folded in, into " + norm.name() + "'s output",
                    linearForward(layer, input, true, NetPlan.BUFFERS + "." + Names.member(norm.name(), "Out")));
        } else if (!prepare.isEmpty()) {
            plan.modelInference(layer.comment(), forwardCall(layer, input, true));
            plan.snapshotInference(layer.comment(), forwardCall(layer, input, false));
            plan.snapshotSetup(layer.name() + ": weight norm's W, once", prepare);
        } else {
            plan.inference(layer.comment(), forwardCall(layer, input, false));
        }
        WeightedSpec spec = (WeightedSpec) layer.spec();
        String preActivation = spec.activation().isIdentity() ? out(layer) : NetPlan.BUFFERS + "." + layer.member("Z");
        plan.weightLayer(spec.name(), weightLayerEntry(layer), layer.nchw(preActivation));
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        plan.training(layer.comment(), forwardCall(layer, input, true));
        return out(layer);
    }

    /** The forward call into the layer's own buffers, after {@link #prepareWeight} when {@code prepare}. */
    private CodeBlock forwardCall(LayerContext layer, String input, boolean prepare) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder().add(prepare ? prepareWeight(layer) : CodeBlock.of(""));
        if (spec.activation().isIdentity()) {
            return code.add(linearForward(layer, input, false, out(layer))).build();
        }
        return code.add(activatedForward(layer, input, NetPlan.BUFFERS + "." + layer.member("Z"), out(layer))).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        // dL/dz, what the weights' backward reads: dL/da itself without an activation, else written over it.
        String preActivationGrad = spec.activation().isIdentity() ? gradOut
                : InPlaceActivationBackward.add(code, layer, "Z", "z", output, gradOut);
        code.add(backwardCall(layer, input, preActivationGrad, gradIn == null ? "null" : gradIn));
        code.add(finishWeightGradient(layer));
        plan.backward(layer.backwardComment(backwardNote(layer) + (gradIn == null ? "; no input gradient needed" : "")), code.build());
    }

    static String out(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("Out");
    }
}
