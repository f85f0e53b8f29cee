package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Init;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.Window;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/** Reads {@code @Conv2d}; "same" padding becomes numbers here: dilation (K - 1) / 2 per side. */
final class ConvReader implements LayerReader {

    @Override
    public Class<? extends Annotation> annotationType() {
        return Conv2d.class;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        AnnotationValues conv = context.values(Conv2d.class, mirror);
        String layer = field.getSimpleName().toString();
        WindowReader sizes = new WindowReader(field, mirror, conv, context);
        int filters = conv.getInt("filters");
        if (filters <= 0) {
            context.diagnostics().report(Message.UNITS_NOT_POSITIVE, AnnotationSites.attribute(field, mirror, "filters"),
                    "give the number of output channels, e.g. filters = 32", layer, context.modelName(), filters);
        }
        int[] kernel = sizes.pair("kernel", 1);
        int[] stride = sizes.pair("stride", 1);
        int[] padding = sizes.pair("padding", 0);
        int[] dilation = sizes.pair("dilation", 1);
        int groups = conv.getInt("groups");
        sizes.require(groups >= 1, "groups", "groups = " + groups + " must be at least 1", "use 1 for an ordinary convolution");
        boolean same = conv.getBoolean("same");
        if (same) {
            sizes.require(!AnnotationSites.isExplicit(mirror, "padding"), "same", "same = true and padding are both given",
                    "give one of them");
            for (int axis = 0; axis < 2; axis++) {
                long span = (long) dilation[axis] * (kernel[axis] - 1);
                sizes.require(span % 2 == 0, "same", "same padding needs an odd kernel extent, but dilation * (kernel - 1) = " + span,
                        "use an odd kernel such as 3, or give padding explicitly");
                sizes.require(span / 2 <= Integer.MAX_VALUE, "same", "same padding would pad by dilation * (kernel - 1) / 2 = "
                        + span / 2 + " per side, more than an array dimension can hold", "use a smaller kernel or dilation");
                padding[axis] = (int) Math.min(span / 2, Integer.MAX_VALUE);
            }
        }
        ActivationFunction activation = ActivationReader.read(conv.getEnum("activation", Activation.class),
                conv.getDouble("activationParameter"), field, mirror, "activationParameter", context);
        boolean bias = conv.getBoolean("bias");
        if (!bias && AnnotationSites.isExplicit(mirror, "biasInit")) {
            context.diagnostics().report(Message.CONFLICTING_OPTIONS, AnnotationSites.attribute(field, mirror, "biasInit"),
                    "remove biasInit, or set bias = true", layer, context.modelName(),
                    "biasInit is set but bias = false, so there is no bias to initialize");
            return null;
        }
        InitSpec weightInit = InitReader.read(conv.getAnnotation("weightInit", Init.class), field, mirror, "weightInit", context);
        InitSpec biasInit = InitReader.read(conv.getAnnotation("biasInit", Init.class), field, mirror, "biasInit", context);
        if (filters <= 0 || !sizes.ok() || activation == null || weightInit == null || biasInit == null) {
            return null;
        }
        Window window = new Window(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
        return new ConvSpec(layer, filters, window, groups, bias, activation, weightInit, biasInit);
    }
}
