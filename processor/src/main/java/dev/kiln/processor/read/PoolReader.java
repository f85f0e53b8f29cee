package dev.kiln.processor.read;

import dev.kiln.dsl.AvgPool2d;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.PoolSpec;
import dev.kiln.ir.Window;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;

/** Reads {@code @MaxPool2d}, {@code @AvgPool2d} and {@code @GlobalAvgPool}: a stride of 0 means the kernel size. */
final class PoolReader implements LayerReader {
    private final Class<? extends Annotation> annotation;
    private final PoolSpec.Kind kind;

    PoolReader(Class<? extends Annotation> annotation, PoolSpec.Kind kind) {
        this.annotation = annotation;
        this.kind = kind;
    }

    static PoolReader max() {
        return new PoolReader(MaxPool2d.class, PoolSpec.Kind.MAX);
    }

    static PoolReader average() {
        return new PoolReader(AvgPool2d.class, PoolSpec.Kind.AVERAGE);
    }

    static PoolReader globalAverage() {
        return new PoolReader(GlobalAvgPool.class, PoolSpec.Kind.GLOBAL_AVERAGE);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return annotation;
    }

    @Override
    public LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
        String layer = field.getSimpleName().toString();
        if (kind == PoolSpec.Kind.GLOBAL_AVERAGE) {
            return PoolSpec.global(layer);
        }
        WindowReader sizes = new WindowReader(field, mirror, context.values(annotation, mirror), context);
        int[] kernel = sizes.pair("kernel", 1);
        int[] stride = sizes.pair("stride", 0);
        int[] padding = sizes.pair("padding", 0);
        for (int axis = 0; axis < 2; axis++) {
            stride[axis] = stride[axis] == 0 ? kernel[axis] : stride[axis];
            sizes.require(2L * padding[axis] <= kernel[axis], "padding", "padding " + padding[axis] + " is more than half the kernel "
                    + kernel[axis] + ", so some windows would hold only padding", "use at most kernel / 2");
        }
        if (!sizes.ok()) {
            return null;
        }
        return new PoolSpec(layer, kind, Window.pooling(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]));
    }
}
