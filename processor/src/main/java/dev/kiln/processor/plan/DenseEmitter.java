package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;

import static dev.kiln.processor.plan.RuntimeTypes.ACTIVATIONS;
import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_FOLDING;
import static dev.kiln.processor.plan.RuntimeTypes.DENSE_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.ND4J;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_NORM_KERNEL;

/**
 * Dense layers: one fused kernel call forward ({@code z = xW + b}, {@code a = f(z)}), and backward
 * the activation's derivative applied in place, then one call for dW, db and dx. With weight norm,
 * W is computed from v and g before the forward pass and dW is turned into dv and dg after the
 * backward pass. A batch norm right after a linear Dense layer is folded into copies of W and b
 * for inference.
 */
final class DenseEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        DenseSpec dense = (DenseSpec) layer.spec();
        CodeBlock spec = CodeBlock.of("new $T($S, $L, $L, $L, $L, $L$L)", DenseSpec.class, dense.name(), dense.units(), dense.bias(),
                IrLiterals.activation(dense.activation()), IrLiterals.init(dense.weightInit()), IrLiterals.init(dense.biasInit()),
                dense.weightNorm() ? ", true" : "");
        plan.specConstant(layer.specConstant(), DenseSpec.class, spec, layer.header());
        long[] weightShape = dense.weightShape(layer.input());
        String weights = Names.shape(weightShape);
        if (dense.weightNorm()) {
            plan.parameter(new ParameterSlot(dense.name(), "v", "WEIGHT", layer.member("V"), layer.member("VGrad"), weightShape,
                    CodeBlock.of("$L.weightInit()", layer.specConstant()),
                    dense.name() + " weight directions v " + weights + ", " + dense.weightInit()));
            plan.parameter(new ParameterSlot(dense.name(), "g", "NORM", layer.member("G"), layer.member("GGrad"),
                    new long[] {dense.units()}, CodeBlock.of("$T.constant(1.0)", InitSpec.class),
                    dense.name() + " weight lengths g [" + dense.units() + "], set to ||v|| per unit"));
            plan.state(layer.member("W"), true, CodeBlock.of("$T.create(dataType, $L)", ND4J, dims(weightShape)),
                    dense.name() + " weights W = g v / ||v|| per unit " + weights);
            plan.state(layer.member("WGrad"), false, CodeBlock.of("$T.create(dataType, $L)", ND4J, dims(weightShape)),
                    "dL/dW of " + dense.name() + ", turned into dL/dv and dL/dg");
            plan.state(layer.member("VNorms"), false, CodeBlock.of("$T.create(dataType, $L)", ND4J, dense.units()),
                    "||v|| per unit of " + dense.name());
            plan.setup(dense.name() + ": g = ||v||, so W starts as drawn", CodeBlock.builder()
                    .addStatement("$T.initialize($L, $L)", WEIGHT_NORM_KERNEL, layer.member("V"), layer.member("G")).build());
        } else {
            plan.parameter(new ParameterSlot(dense.name(), "W", "WEIGHT", layer.member("W"), layer.member("WGrad"), weightShape,
                    CodeBlock.of("$L.weightInit()", layer.specConstant()), dense.name() + " weights " + weights + ", " + dense.weightInit()));
        }
        if (dense.bias()) {
            plan.parameter(new ParameterSlot(dense.name(), "b", "BIAS", layer.member("B"), layer.member("BGrad"),
                    new long[] {dense.units()}, CodeBlock.of("$L.biasInit()", layer.specConstant()),
                    dense.name() + " bias [" + dense.units() + "], " + dense.biasInit()));
        }
        if (!dense.activation().isIdentity()) {
            plan.buffer(layer.member("Z"), layer.output(), dense.name() + " pre-activation x W + b");
        }
        plan.buffer(layer.member("Out"), layer.output(), dense.name() + " output");
        if (layer.foldsBatchNorm() != null) {
            declareFolding(layer, plan, weightShape);
        }
    }

    private static void declareFolding(LayerContext layer, PlanBuilder plan, long[] weightShape) {
        DenseSpec dense = (DenseSpec) layer.spec();
        NormSpec norm = layer.foldsBatchNorm();
        plan.state(layer.member("WFolded"), false, CodeBlock.of("$T.create(dataType, $L)", ND4J, dims(weightShape)),
                dense.name() + " weights with " + norm.name() + " folded in, for inference");
        plan.state(layer.member("BFolded"), false, CodeBlock.of("$T.create(dataType, $L)", ND4J, dense.units()),
                dense.name() + " bias with " + norm.name() + " folded in, for inference");
        CodeBlock.Builder code = CodeBlock.builder();
        if (dense.weightNorm()) {
            code.add(weightNormForward(layer));
        }
        String gamma = norm.affine() ? Names.member(norm.name(), "Gamma") : "null";
        String beta = norm.hasBeta() ? Names.member(norm.name(), "Beta") : "null";
        code.addStatement("$T.foldDense($L, $L, $L, $L, $L, $L, $L.eps(), $L, $L)", BATCH_NORM_FOLDING, layer.member("W"),
                dense.bias() ? layer.member("B") : "null", gamma, beta, Names.member(norm.name(), "RunningMean"),
                Names.member(norm.name(), "RunningVar"), Names.constant(norm.name()), layer.member("WFolded"), layer.member("BFolded"));
        plan.folding(dense.name() + " + " + norm.name() + ": W' = W diag(a), b' = a (b - running mean) + beta, a = gamma / sqrt(running var + eps)",
                code.build());
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        if (layer.foldsBatchNorm() != null) {
            plan.inference(layer.comment() + ", with " + layer.foldsBatchNorm().name() + " folded in",
                    CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L)", DENSE_KERNEL, input, layer.member("WFolded"),
                            layer.member("BFolded"), out(layer)).build());
            return out(layer);
        }
        plan.inference(layer.comment(), forwardCall(layer, input));
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        plan.training(layer.comment(), forwardCall(layer, input));
        return out(layer);
    }

    private static CodeBlock weightNormForward(LayerContext layer) {
        return CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L)", WEIGHT_NORM_KERNEL, layer.member("V"), layer.member("G"),
                layer.member("VNorms"), layer.member("W")).build();
    }

    private CodeBlock forwardCall(LayerContext layer, String input) {
        DenseSpec dense = (DenseSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        if (dense.weightNorm()) {
            code.add(weightNormForward(layer));
        }
        String bias = dense.bias() ? layer.member("B") : "null";
        if (dense.activation().isIdentity()) {
            return code.addStatement("$T.forward($L, $L, $L, $L)", DENSE_KERNEL, input, layer.member("W"), bias, out(layer)).build();
        }
        return code.addStatement("$T.forward($L, $L, $L, $L.activation(), $L, $L)", DENSE_KERNEL, input, layer.member("W"), bias,
                layer.specConstant(), PlanBuilder.BUFFERS + "." + layer.member("Z"), out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        DenseSpec dense = (DenseSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        if (!dense.activation().isIdentity()) {
            code.addStatement("$T.backward($L.activation(), $L, $L, $L, $L)", ACTIVATIONS, layer.specConstant(),
                    PlanBuilder.BUFFERS + "." + layer.member("Z"), output, gradOut, gradOut);
        }
        code.addStatement("$T.backward($L, $L, $L, $L, $L, $L)", DENSE_KERNEL, input, layer.member("W"), gradOut,
                gradIn == null ? "null" : gradIn, layer.member("WGrad"), dense.bias() ? layer.member("BGrad") : "null");
        if (dense.weightNorm()) {
            code.addStatement("$T.backward($L, $L, $L, $L, $L, $L)", WEIGHT_NORM_KERNEL, layer.member("WGrad"), layer.member("V"),
                    layer.member("G"), layer.member("VNorms"), layer.member("VGrad"), layer.member("GGrad"));
        }
        String note = dense.activation().isIdentity() ? "" : "; activation derivative in place, dL/da becomes dL/dz";
        note += dense.weightNorm() ? "; dL/dW into dL/dv and dL/dg" : "";
        plan.backward(layer.backwardComment(note + (gradIn == null ? "; no input gradient needed" : "")), code.build());
    }

    private static String out(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }

    private static String dims(long[] shape) {
        return Names.shape(shape).replace("[", "").replace("]", "").replace(",", ", ");
    }
}
