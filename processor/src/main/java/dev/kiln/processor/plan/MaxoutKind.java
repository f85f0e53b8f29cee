package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Maxout;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.MaxoutSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

/**
 * Maxout layers ({@code @Maxout}): each group of k consecutive channels becomes its maximum; the
 * backward pass sends each gradient to the piece that won (ties: the lowest), recomputed from the
 * input, so the layer keeps no arg-max buffer. Per position over channels, so 4-D arrays stay in the
 * convolution layout. Shape inference ({@link MaxoutSpec#outputShape}) checks that k divides C.
 */
final class MaxoutKind extends SameInBothModesKind {
    private static final ClassName MAXOUT_KERNEL = ClassName.get(RuntimeTypes.KERNELS, "MaxoutKernel");

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(MaxoutSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(Maxout.class, MaxoutKind::read));
    }

    private static LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        int pieces = context.values(Maxout.class, mirror).getInt("pieces");
        if (pieces < 2) {
            context.diagnostics().report(Message.MAXOUT_PIECES, AnnotationSites.attribute(field, mirror, "pieces"),
                    "use pieces = 2, the usual choice, or more", field.getSimpleName(), context.modelName(), pieces);
            return null;
        }
        return new MaxoutSpec(field.getSimpleName().toString(), pieces);
    }

    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        return input.rank() == 3;
    }

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        MaxoutSpec spec = (MaxoutSpec) layer.spec();
        plan.specConstant(layer.specConstant(), MaxoutSpec.class, CodeBlock.of("new $T($S, $L)", MaxoutSpec.class, spec.name(),
                spec.pieces()), layer.header());
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output, the maximum of each " + spec.pieces() + " channels");
    }

    @Override
    CodeBlock forward(LayerContext layer, String input) {
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L.pieces(), $L)", MAXOUT_KERNEL, layer.layoutArgument(), input,
                layer.specConstant(), out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn == null) {
            return;
        }
        plan.backward(layer.backwardComment(""), CodeBlock.builder()
                .addStatement("$T.backward($L$L, $L.pieces(), $L, $L)", MAXOUT_KERNEL, layer.layoutArgument(), input,
                        layer.specConstant(), gradOut, gradIn)
                .build());
    }
}
