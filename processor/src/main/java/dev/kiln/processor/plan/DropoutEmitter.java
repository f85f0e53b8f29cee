package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.DropoutSpec;

import static dev.kiln.processor.plan.RuntimeTypes.DROPOUT_KERNEL;

/**
 * Inverted dropout: training draws a mask and multiplies by it (frozen randomness makes every pass
 * draw the same mask); inference is the identity, so it emits nothing and passes its input on.
 */
final class DropoutEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        DropoutSpec spec = (DropoutSpec) layer.spec();
        plan.specConstant(layer.specConstant(), DropoutSpec.class,
                CodeBlock.of("new $T($S, $L)", DropoutSpec.class, spec.name(), spec.rate()), layer.header());
        plan.buffer(layer.member("Mask"), layer.output(), spec.name() + " mask: 0 or 1/(1-p) per unit");
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output");
        plan.usesRandomness = true;
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        return input;
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        String mask = mask(layer);
        plan.training(layer.comment(), CodeBlock.builder()
                .addStatement("$T.drawMask($L.rate(), $L, random)", DROPOUT_KERNEL, layer.specConstant(), mask)
                .addStatement("$T.apply($L, $L, $L)", DROPOUT_KERNEL, input, mask, PlanBuilder.BUFFERS + "." + layer.member("Out"))
                .build());
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn == null) {
            return;
        }
        plan.backward(layer.backwardComment(""), CodeBlock.builder()
                .addStatement("$T.backward($L, $L, $L)", DROPOUT_KERNEL, gradOut, mask(layer), gradIn).build());
    }

    private static String mask(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Mask");
    }
}
