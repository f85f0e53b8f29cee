package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.PRelu;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.PReluSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Message;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.AnnotationValues;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

/**
 * PReLU layers ({@code @PRelu}): {@code out = x > 0 ? x : α·x} with α a trained parameter of kind
 * {@code SLOPE} (no weight decay by default), one per channel or one shared. The backward writes
 * {@code dL/dα = Σ_{x≤0} dL/dy·x} and, where upstream needs it, {@code dL/dx}. Element-wise per
 * channel, so 4-D arrays stay in the convolution layout.
 */
final class PReluKind extends SameInBothModesKind {
    private static final ClassName PRELU_KERNEL = ClassName.get(RuntimeTypes.KERNELS, "PReluKernel");

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(PReluSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(PRelu.class, PReluKind::read));
    }

    /** α₀ in [0, 1): 0 starts as a plain ReLU, 1 or more is no longer a rectifier. */
    private static LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        AnnotationValues values = context.values(PRelu.class, mirror);
        double init = values.getDouble("init");
        if (!(init >= 0 && init < 1)) {
            context.diagnostics().report(Message.PRELU_INIT, AnnotationSites.attribute(field, mirror, "init"),
                    "use 0.25, the start He et al. use", field.getSimpleName(), context.modelName(), Numbers.compact(init));
            return null;
        }
        return new PReluSpec(field.getSimpleName().toString(), values.getBoolean("shared"), init);
    }

    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        return input.rank() == 3;
    }

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        PReluSpec spec = (PReluSpec) layer.spec();
        plan.specConstant(layer.specConstant(), PReluSpec.class, CodeBlock.of("new $T($S, $L, $L)", PReluSpec.class, spec.name(),
                spec.shared(), spec.init()), layer.header());
        long[] alpha = spec.alphaShape(layer.input());
        plan.parameter(new ParameterSlot(spec.name(), "alpha", "SLOPE", layer.member("Alpha"), layer.member("AlphaGrad"), alpha,
                CodeBlock.of("$T.constant($L)", InitSpec.class, spec.init()),
                spec.name() + " negative slope alpha " + Names.shape(alpha) + (spec.shared() ? " (shared)" : " (per channel)")
                        + ", " + Numbers.compact(spec.init())));
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output");
    }

    @Override
    CodeBlock forward(LayerContext layer, String input) {
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L)", PRELU_KERNEL, layer.layoutArgument(), input,
                layer.member("Alpha"), out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        plan.backward(layer.backwardComment(gradIn == null ? "; no input gradient needed" : ""), CodeBlock.builder()
                .addStatement("$T.backward($L$L, $L, $L, $L, $L)", PRELU_KERNEL, layer.layoutArgument(), input, layer.member("Alpha"),
                        gradOut, gradIn == null ? "null" : gradIn, layer.member("AlphaGrad"))
                .build());
    }
}
