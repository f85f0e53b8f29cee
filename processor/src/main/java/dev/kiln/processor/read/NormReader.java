package dev.kiln.processor.read;

import dev.kiln.dsl.Numbers;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/**
 * Reads the normalization annotations ({@code @BatchNorm}, {@code @LayerNorm}, {@code @GroupNorm},
 * {@code @InstanceNorm}, {@code @RmsNorm}): one reader, configured with the annotation and the kind
 * it declares, since they share eps and affine and differ only in decay and groups.
 */
final class NormReader implements LayerReader {
    private final Class<? extends Annotation> annotation;
    private final NormSpec.Kind kind;

    NormReader(Class<? extends Annotation> annotation, NormSpec.Kind kind) {
        this.annotation = annotation;
        this.kind = kind;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return annotation;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        AnnotationValues values = context.values(annotation, mirror);
        String layer = field.getSimpleName().toString();
        double eps = values.getDouble("eps");
        boolean affine = values.getBoolean("affine");
        boolean ok = check(eps > 0 && Double.isFinite(eps), field, mirror, "eps", context,
                "eps = " + Numbers.compact(eps) + " must be positive; it keeps the division finite when a variance is 0", "use 1e-5");
        double decay = Double.NaN;
        int groups = 0;
        if (kind == NormSpec.Kind.BATCH) {
            decay = values.getDouble("decay");
            ok &= check(decay >= 0 && decay < 1, field, mirror, "decay", context,
                    "decay = " + Numbers.compact(decay) + " must lie in [0, 1); running statistics keep decay of their old value",
                    "use 0.9 (PyTorch's momentum 0.1)");
        }
        if (kind == NormSpec.Kind.GROUP) {
            groups = values.getInt("groups");
            ok &= check(groups >= 0, field, mirror, "groups", context,
                    "groups = " + groups + " must be positive, or 0 for min(32, channels)", "leave groups unset for min(32, C)");
        }
        if (!ok) {
            return null;
        }
        return new NormSpec(layer, kind, eps, affine, decay, groups);
    }

    private static boolean check(boolean valid, VariableElement field, AnnotationMirror mirror, String attribute,
                                 ReadContext context, String problem, String hint) {
        if (!valid) {
            context.diagnostics().report(Message.NORM_PARAMETER, AnnotationSites.attribute(field, mirror, attribute), hint,
                    field.getSimpleName(), context.modelName(), problem);
        }
        return valid;
    }
}
