package dev.kiln.processor.read;

import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Numbers;
import dev.kiln.ir.DropoutSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/** Reads {@code @Dropout}: the rate is a drop probability in [0, 1). */
final class DropoutReader implements LayerReader {

    @Override
    public Class<? extends Annotation> annotationType() {
        return Dropout.class;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
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
}
