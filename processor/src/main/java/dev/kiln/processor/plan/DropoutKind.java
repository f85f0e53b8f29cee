package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Numbers;
import dev.kiln.ir.DropoutSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.DROPOUT_KERNEL;

/**
 * Inverted dropout: training draws a mask and multiplies by it (frozen randomness makes every pass
 * draw the same mask); inference is the identity, so it emits nothing and passes its input on.
 */
final class DropoutKind implements LayerKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(DropoutSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(Dropout.class, DropoutKind::read));
    }

    /** The rate is a drop probability in [0, 1). */
    private static LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        double rate = context.values(Dropout.class, mirror).getDouble("rate");
        String layer = field.getSimpleName().toString();
        if (!(rate >= 0 && rate < 1)) {
            context.diagnostics().report(Message.DROPOUT_RATE, AnnotationSites.attribute(field, mirror, "rate"),
                    rate >= 1 ? "a rate of 1 drops every unit; use a value such as 0.5" : "use a value such as 0.5",
                    layer, context.modelName(), Numbers.compact(rate));
            return null;
        }
        return new DropoutSpec(layer, rate);
    }

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
                .addStatement("$T.apply($L, $L, $L)", DROPOUT_KERNEL, input, mask, NetPlan.BUFFERS + "." + layer.member("Out"))
                .build());
        return NetPlan.BUFFERS + "." + layer.member("Out");
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
        return NetPlan.BUFFERS + "." + layer.member("Mask");
    }
}
