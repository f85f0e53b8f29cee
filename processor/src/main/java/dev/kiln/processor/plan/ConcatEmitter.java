package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.ConcatSpec;

import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.RESIDUAL_KERNEL;

/** The concatenation that closes a dense unit: channels of the unit's input, then the branch's; backward splits dOut. */
final class ConcatEmitter implements JoinEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        plan.specConstant(layer.specConstant(), ConcatSpec.class, CodeBlock.of("new $T($S)", ConcatSpec.class, layer.name()),
                layer.header());
        plan.buffer(layer.member("Out"), layer.output(), layer.name() + " output");
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, List<String> inputs) {
        plan.inference(layer.comment(), concat(layer, inputs));
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, List<String> inputs) {
        plan.training(layer.comment(), concat(layer, inputs));
        return out(layer);
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String output, String gradOut, List<String> gradIns) {
        if (gradIns.get(0) == null && gradIns.get(1) == null) {
            return;
        }
        plan.backward(layer.backwardComment(", split by channels"), CodeBlock.builder()
                .addStatement("$T.splitChannels($L, $L, $L, $L)", RESIDUAL_KERNEL, gradOut, layer.input().dim(0), gradIns.get(0),
                        gradIns.get(1)).build());
    }

    private static CodeBlock concat(LayerContext layer, List<String> inputs) {
        return CodeBlock.builder().addStatement("$T.concatChannels($L, $L, $L)", RESIDUAL_KERNEL, inputs.get(0), inputs.get(1),
                out(layer)).build();
    }

    private static String out(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("Out");
    }
}
