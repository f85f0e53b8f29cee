package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/** Reads {@code @Dense}. Initializers stay as written ({@code DEFAULT} included) until {@link InitDefaults}. */
final class DenseReader implements LayerReader {

    @Override
    public Class<? extends Annotation> annotationType() {
        return Dense.class;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        AnnotationValues dense = context.values(Dense.class, mirror);
        int units = dense.getInt("units");
        boolean bias = dense.getBoolean("bias");
        String layer = field.getSimpleName().toString();
        boolean ok = true;
        if (units <= 0) {
            context.diagnostics().report(Message.UNITS_NOT_POSITIVE, AnnotationSites.attribute(field, mirror, "units"),
                    "give the number of output units, e.g. units = 128", layer, context.modelName(), units);
            ok = false;
        }
        ActivationFunction activation = ActivationReader.read(dense.getEnum("activation", Activation.class), dense.getDouble("activationParameter"), field, mirror,
                "activationParameter", context);
        if (!bias && AnnotationSites.isExplicit(mirror, "biasInit")) {
            context.diagnostics().report(Message.CONFLICTING_OPTIONS, AnnotationSites.attribute(field, mirror, "biasInit"),
                    "remove biasInit, or set bias = true", layer, context.modelName(),
                    "biasInit is set but bias = false, so there is no bias to initialize");
            ok = false;
        }
        InitSpec weightInit = InitReader.read(dense.getAnnotation("weightInit", Init.class), field, mirror, "weightInit", context);
        InitSpec biasInit = InitReader.read(dense.getAnnotation("biasInit", Init.class), field, mirror, "biasInit", context);
        if (!ok || activation == null || weightInit == null || biasInit == null) {
            return null;
        }
        return new DenseSpec(layer, units, bias, activation, weightInit, biasInit, dense.getBoolean("weightNorm"));
    }
}
