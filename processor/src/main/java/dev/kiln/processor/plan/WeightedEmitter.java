package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;

import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_FOLDING;
import static dev.kiln.processor.plan.RuntimeTypes.ND4J;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_LAYER;

/**
 * What Dense and Conv2d share: a weight, an optional bias and an activation; one fused kernel call
 * forward ({@code z = x * W + b}, {@code a = f(z)}); backward the activation's derivative in place
 * ({@link InPlaceActivationBackward}), then one call for dW, db and dx; and, in the inference snapshot only, a batch norm right after a
 * linear layer folded into copies of W and b. Subclasses name their kernel and the extra argument it takes (the
 * convolution geometry) and may declare the weight differently (weight norm).
 */
abstract class WeightedEmitter implements LayerEmitter {

    /** The kernel class with {@code forward} and {@code backward}. */
    abstract ClassName kernel();

    /** Arguments after the bias in forward and after dL/dz in backward, e.g. {@code ", CONV1_GEOMETRY"}; or "". */
    abstract String geometryArgument(LayerContext layer);

    /** The {@code BatchNormFolding} method for this layer kind. */
    abstract String foldMethod();

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
    }

    private void declareFolding(LayerContext layer, PlanBuilder plan, long[] weightShape, long outputs) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        NormSpec norm = layer.foldsBatchNorm();
        plan.folded(layer.member("WFolded"), CodeBlock.of("$T.create(dataType, $L)", ND4J, Names.arguments(weightShape)),
                spec.name() + " weights with " + norm.name() + " folded in");
        plan.folded(layer.member("BFolded"), CodeBlock.of("$T.create(dataType, $L)", ND4J, outputs),
                spec.name() + " bias with " + norm.name() + " folded in");
        String gamma = norm.affine() ? Names.member(norm.name(), "Gamma") : "null";
        String beta = norm.hasBeta() ? Names.member(norm.name(), "Beta") : "null";
        CodeBlock code = CodeBlock.builder().add(prepareWeight(layer))
                .addStatement("$T.$L($L, $L, $L, $L, $L, $L, $L.eps(), $L, $L)", BATCH_NORM_FOLDING, foldMethod(), layer.member("W"),
                        spec.bias() ? layer.member("B") : "null", gamma, beta, Names.member(norm.name(), "RunningMean"),
                        Names.member(norm.name(), "RunningVar"), Names.constant(norm.name()), layer.member("WFolded"),
                        layer.member("BFolded"))
                .build();
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
                    CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L$L, $L)", kernel(), layer.layoutArgument(), input,
                            layer.member("WFolded"), layer.member("BFolded"), geometryArgument(layer),
                            NetPlan.BUFFERS + "." + Names.member(norm.name(), "Out")).build());
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
        String bias = spec.bias() ? layer.member("B") : "null";
        if (spec.activation().isIdentity()) {
            return code.addStatement("$T.forward($L$L, $L, $L$L, $L)", kernel(), layer.layoutArgument(), input, layer.member("W"), bias,
                    geometryArgument(layer), out(layer)).build();
        }
        return code.addStatement("$T.forward($L$L, $L, $L$L, $L.activation(), $L, $L)", kernel(), layer.layoutArgument(), input,
                layer.member("W"), bias, geometryArgument(layer), layer.specConstant(), NetPlan.BUFFERS + "." + layer.member("Z"),
                out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        WeightedSpec spec = (WeightedSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        // dL/dz, what the weights' backward reads: dL/da itself without an activation, else written over it.
        String preActivationGrad = spec.activation().isIdentity() ? gradOut
                : InPlaceActivationBackward.add(code, layer, "Z", "z", output, gradOut);
        code.addStatement("$T.backward($L$L, $L, $L$L, $L, $L, $L)", kernel(), layer.layoutArgument(), input, layer.member("W"),
                preActivationGrad, geometryArgument(layer), gradIn == null ? "null" : gradIn, layer.member("WGrad"),
                spec.bias() ? layer.member("BGrad") : "null");
        code.add(finishWeightGradient(layer));
        plan.backward(layer.backwardComment(backwardNote(layer) + (gradIn == null ? "; no input gradient needed" : "")), code.build());
    }

    static String out(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("Out");
    }
}
