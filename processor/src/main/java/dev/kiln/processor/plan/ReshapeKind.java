package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.Reshape;
import dev.kiln.ir.FlattenSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ReshapeSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.RESHAPE_KERNEL;

/**
 * Flatten and Reshape: a copy into a buffer of the new shape forward, and back into the input's
 * shape backward.
 */
final class ReshapeKind extends SameInBothModesKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(FlattenSpec.class, ReshapeSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(Flatten.class, ReshapeKind::readFlatten), LayerReader.of(Reshape.class, ReshapeKind::readReshape));
    }

    /** {@code @Flatten} has no attributes; {@code @Reshape}'s dimensions must be positive (shape inference checks the count). */
    private static LayerSpec readFlatten(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        return new FlattenSpec(field.getSimpleName().toString());
    }

    private static LayerSpec readReshape(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        Shape target = Shape.of(context.values(Reshape.class, mirror).getIntArray("value"));
        if (!target.isValid()) {
            context.diagnostics().report(Message.WINDOW_PARAMETER, AnnotationSites.attribute(field, mirror, "value"),
                    "give the shape of one example, e.g. {1, 28, 28}", field.getSimpleName(), context.modelName(),
                    "Reshape to " + Arrays.toString(target.dims()) + " needs positive dimensions");
            return null;
        }
        if (target.size() > Shape.MAX_ELEMENTS) {
            context.diagnostics().report(Message.WINDOW_PARAMETER, AnnotationSites.attribute(field, mirror, "value"),
                    "reshape to the shape of the layer's input, which has fewer values", field.getSimpleName(), context.modelName(),
                    "Reshape to " + Arrays.toString(target.dims()) + " makes a tensor of more than the "
                            + Numbers.grouped(Shape.MAX_ELEMENTS) + " values one array can hold");
            return null;
        }
        return new ReshapeSpec(field.getSimpleName().toString(), target);
    }

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
    CodeBlock forward(LayerContext layer, String input) {
        return CodeBlock.builder().addStatement("$T.forward($L, $L)", RESHAPE_KERNEL, input, out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn != null) {
            plan.backward(layer.backwardComment(""),
                    CodeBlock.builder().addStatement("$T.backward($L, $L)", RESHAPE_KERNEL, gradOut, gradIn).build());
        }
    }
}
