package dev.kiln.processor.read;

import dev.kiln.dsl.Reshape;
import dev.kiln.dsl.Numbers;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ReshapeSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;
import java.util.Arrays;

/** Reads {@code @Reshape}: every dimension positive; the element count is checked by shape inference. */
final class ReshapeReader implements LayerReader {

    @Override
    public Class<? extends Annotation> annotationType() {
        return Reshape.class;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
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
}
