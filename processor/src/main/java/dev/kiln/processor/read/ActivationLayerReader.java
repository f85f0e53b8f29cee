package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ActivationSpec;
import dev.kiln.ir.LayerSpec;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/** Reads {@code @ActivationLayer}. */
final class ActivationLayerReader implements LayerReader {

    @Override
    public Class<? extends Annotation> annotationType() {
        return ActivationLayer.class;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        AnnotationValues values = context.values(ActivationLayer.class, mirror);
        ActivationFunction activation = ActivationReader.read(values.getEnum("value", Activation.class),
                values.getDouble("parameter"), field, mirror,
                "parameter", context);
        return activation == null ? null : new ActivationSpec(field.getSimpleName().toString(), activation);
    }
}
