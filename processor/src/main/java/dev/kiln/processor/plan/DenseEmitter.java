package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.DenseSpec;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;

import static dev.kiln.processor.plan.RuntimeTypes.ACTIVATIONS;
import static dev.kiln.processor.plan.RuntimeTypes.DENSE_KERNEL;

/**
 * Dense layers: one fused kernel call forward ({@code z = xW + b}, {@code a = f(z)}), and backward
 * the activation's derivative applied in place, then one call for dW, db and dx.
 */
final class DenseEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        DenseSpec dense = (DenseSpec) layer.spec();
        plan.specConstant(layer.specConstant(), DenseSpec.class, CodeBlock.of("new $T($S, $L, $L, $L, $L, $L)", DenseSpec.class,
                dense.name(), dense.units(), dense.bias(), IrLiterals.activation(dense.activation()),
                IrLiterals.init(dense.weightInit()), IrLiterals.init(dense.biasInit())), layer.header());
        long[] weightShape = dense.weightShape(layer.input());
        plan.parameter(new ParameterSlot(dense.name(), "W", "WEIGHT", layer.member("W"), layer.member("WGrad"), weightShape,
                CodeBlock.of("$L.weightInit()", layer.specConstant()),
                dense.name() + " weights " + shape(weightShape) + ", " + dense.weightInit()));
        if (dense.bias()) {
            plan.parameter(new ParameterSlot(dense.name(), "b", "BIAS", layer.member("B"), layer.member("BGrad"),
                    new long[] {dense.units()}, CodeBlock.of("$L.biasInit()", layer.specConstant()),
                    dense.name() + " bias [" + dense.units() + "], " + dense.biasInit()));
        }
        if (!dense.activation().isIdentity()) {
            plan.buffer(layer.member("Z"), layer.output(), dense.name() + " pre-activation x W + b");
        }
        plan.buffer(layer.member("Out"), layer.output(), dense.name() + " output");
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        CodeBlock call = forwardCall(layer, input);
        plan.inference(layer.comment(), call);
        DenseSpec dense = (DenseSpec) layer.spec();
        String preActivation = dense.activation().isIdentity() ? out(layer) : PlanBuilder.BUFFERS + "." + layer.member("Z");
        plan.weightLayer(dense.name(), layer.member("W"), dense.bias() ? layer.member("B") : null, preActivation);
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        plan.training(layer.comment(), forwardCall(layer, input));
        return out(layer);
    }

    private CodeBlock forwardCall(LayerContext layer, String input) {
        DenseSpec dense = (DenseSpec) layer.spec();
        String bias = dense.bias() ? layer.member("B") : "null";
        if (dense.activation().isIdentity()) {
            return CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L)", DENSE_KERNEL, input, layer.member("W"), bias,
                    out(layer)).build();
        }
        return CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L.activation(), $L, $L)", DENSE_KERNEL, input,
                layer.member("W"), bias, layer.specConstant(), PlanBuilder.BUFFERS + "." + layer.member("Z"), out(layer)).build();
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
        String what = dense.activation().isIdentity() ? "" : " (activation derivative in place: dL/da becomes dL/dz)";
        plan.backward(layer.header() + "  backward" + what + (gradIn == null ? ", no input gradient needed" : ""), code.build());
    }

    private static String out(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }

    private static String shape(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return text.append(']').toString();
    }
}
