package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.FlattenSpec;
import dev.kiln.ir.ReshapeSpec;
import dev.kiln.ir.Shape;

import static dev.kiln.processor.plan.RuntimeTypes.RESHAPE_KERNEL;

/**
 * Flatten and Reshape: a copy into a buffer of the new shape forward, and back into the input's
 * shape backward.
 */
final class ReshapeEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        CodeBlock spec = layer.spec() instanceof ReshapeSpec reshape
                ? CodeBlock.of("new $T($S, $T.of($L))", ReshapeSpec.class, layer.name(), Shape.class,
                        Names.arguments(toLongs(reshape.target().dims())))
                : CodeBlock.of("new $T($S)", FlattenSpec.class, layer.name());
        plan.specConstant(layer.specConstant(), layer.spec().getClass(), spec, layer.header());
        plan.buffer(layer.member("Out"), layer.output(), layer.name() + " output");
    }

    private static long[] toLongs(int[] dims) {
        long[] longs = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            longs[i] = dims[i];
        }
        return longs;
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
        return CodeBlock.builder().addStatement("$T.forward($L, $L)", RESHAPE_KERNEL, input, out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn != null) {
            plan.backward(layer.backwardComment(""),
                    CodeBlock.builder().addStatement("$T.backward($L, $L)", RESHAPE_KERNEL, gradOut, gradIn).build());
        }
    }

    private static String out(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }
}
