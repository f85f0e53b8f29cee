package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ActivationSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.read.ActivationReader;
import dev.kiln.processor.read.AnnotationValues;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.ACTIVATIONS;

/**
 * Standalone activation layers ({@code @ActivationLayer}): {@code out = f(in)} forward,
 * {@code dIn = dOut * f'(in)} backward. Element-wise, so 4-D arrays stay in the convolution layout.
 */
final class ActivationKind extends SameInBothModesKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(ActivationSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(ActivationLayer.class, ActivationKind::read));
    }

    private static LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        AnnotationValues values = context.values(ActivationLayer.class, mirror);
        ActivationFunction activation = ActivationReader.read(values.getEnum("value", Activation.class),
                values.getDouble("parameter"), field, mirror,
                "parameter", context);
        return activation == null ? null : new ActivationSpec(field.getSimpleName().toString(), activation);
    }

    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        return input.rank() == 3;
    }

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        ActivationSpec spec = (ActivationSpec) layer.spec();
        plan.specConstant(layer.specConstant(), ActivationSpec.class, CodeBlock.of("new $T($S, $L)", ActivationSpec.class,
                spec.name(), IrLiterals.activation(spec.activation())), layer.header());
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output");
    }

    @Override
    CodeBlock forward(LayerContext layer, String input) {
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
}
