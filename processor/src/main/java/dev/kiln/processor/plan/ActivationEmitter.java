package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.ActivationSpec;

import static dev.kiln.processor.plan.RuntimeTypes.ACTIVATIONS;

/** Standalone activation layers: {@code out = f(in)} forward, {@code dIn = dOut * f'(in)} backward. */
final class ActivationEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        ActivationSpec spec = (ActivationSpec) layer.spec();
        plan.specConstant(layer.specConstant(), ActivationSpec.class, CodeBlock.of("new $T($S, $L)", ActivationSpec.class,
                spec.name(), IrLiterals.activation(spec.activation())), layer.header());
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output");
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        plan.inference(layer.comment(), call(layer, input));
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        plan.training(layer.comment(), call(layer, input));
        return out(layer);
    }

    private static CodeBlock call(LayerContext layer, String input) {
        return CodeBlock.builder().addStatement("$T.forward($L.activation(), $L, $L)", ACTIVATIONS, layer.specConstant(), input,
                out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn == null) {
            return;
        }
        plan.backward(layer.backwardComment(""), CodeBlock.builder()
                .addStatement("$T.backward($L.activation(), $L, $L, $L, $L)", ACTIVATIONS, layer.specConstant(), input, output,
                        gradOut, gradIn)
                .build());
    }

    private static String out(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }
}
