package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.FlattenSpec;

import static dev.kiln.processor.plan.RuntimeTypes.FLATTEN_KERNEL;

/** Flatten: a copy into a flat buffer forward, and back into the input's shape backward. */
final class FlattenEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        plan.specConstant(layer.specConstant(), FlattenSpec.class,
                CodeBlock.of("new $T($S)", FlattenSpec.class, layer.name()), layer.header());
        plan.buffer(layer.member("Out"), layer.output(), layer.name() + " output");
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
        return CodeBlock.builder().addStatement("$T.forward($L, $L)", FLATTEN_KERNEL, input, out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn != null) {
            plan.backward(layer.backwardComment(""),
                    CodeBlock.builder().addStatement("$T.backward($L, $L)", FLATTEN_KERNEL, gradOut, gradIn).build());
        }
    }

    private static String out(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }
}
