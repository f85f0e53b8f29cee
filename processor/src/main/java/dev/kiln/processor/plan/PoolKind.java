package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.AvgPool2d;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.PoolSpec;
import dev.kiln.ir.Shape;
import dev.kiln.ir.Window;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;
import dev.kiln.processor.read.WindowReader;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.AVG_POOL_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.GLOBAL_AVG_POOL_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.MAX_POOL_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.POOL2D_GEOMETRY;

/**
 * Max, average and global average pooling ({@code @MaxPool2d}, {@code @AvgPool2d},
 * {@code @GlobalAvgPool}): the same in both modes, no parameters. A stride of 0 means the kernel
 * size. The windowed ones take the convolution layout.
 */
final class PoolKind extends SameInBothModesKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(PoolSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(reader(MaxPool2d.class, PoolSpec.Kind.MAX), reader(AvgPool2d.class, PoolSpec.Kind.AVERAGE),
                reader(GlobalAvgPool.class, PoolSpec.Kind.GLOBAL_AVERAGE));
    }

    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        return ((PoolSpec) spec).pooling() != PoolSpec.Kind.GLOBAL_AVERAGE;
    }

    private static LayerReader reader(Class<? extends Annotation> annotation, PoolSpec.Kind kind) {
        return LayerReader.of(annotation, (field, mirror, context) -> read(annotation, kind, field, mirror, context));
    }

    private static LayerSpec read(Class<? extends Annotation> annotation, PoolSpec.Kind kind, VariableElement field,
                                  AnnotationMirror mirror, ReadContext context) {
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

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        PoolSpec pool = (PoolSpec) layer.spec();
        if (pool.pooling() == PoolSpec.Kind.GLOBAL_AVERAGE) {
            plan.specConstant(layer.specConstant(), PoolSpec.class, CodeBlock.of("$T.global($S)", PoolSpec.class, pool.name()),
                    layer.header());
        } else {
            Window w = pool.window();
            plan.specConstant(layer.specConstant(), PoolSpec.class, CodeBlock.of("new $T($S, $T.Kind.$L, $L)", PoolSpec.class,
                    pool.name(), PoolSpec.class, pool.pooling(), IrLiterals.window(w)), layer.header());
            plan.specConstant(geometry(layer), POOL2D_GEOMETRY, CodeBlock.of("$T.of($L, $L, $L, $L, $L, $L)", POOL2D_GEOMETRY,
                    w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW()), "window of " + pool.name());
        }
        plan.buffer(layer.member("Out"), layer.output(), pool.name() + " output");
    }

    private static String geometry(LayerContext layer) {
        return layer.specConstant() + "_GEOMETRY";
    }

    private static ClassName kernel(PoolSpec pool) {
        return switch (pool.pooling()) {
            case MAX -> MAX_POOL_KERNEL;
            case AVERAGE -> AVG_POOL_KERNEL;
            case GLOBAL_AVERAGE -> GLOBAL_AVG_POOL_KERNEL;
        };
    }

    @Override
    CodeBlock forward(LayerContext layer, String input) {
        PoolSpec pool = (PoolSpec) layer.spec();
        if (pool.pooling() == PoolSpec.Kind.GLOBAL_AVERAGE) {
            return CodeBlock.builder().addStatement("$T.forward($L, $L)", kernel(pool), input, out(layer)).build();
        }
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L)", kernel(pool), layer.layoutArgument(), input, geometry(layer),
                out(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        if (gradIn == null) {
            return;
        }
        PoolSpec pool = (PoolSpec) layer.spec();
        CodeBlock code = pool.pooling() == PoolSpec.Kind.GLOBAL_AVERAGE
                ? CodeBlock.builder().addStatement("$T.backward($L, $L)", kernel(pool), gradOut, gradIn).build()
                : CodeBlock.builder().addStatement("$T.backward($L$L, $L, $L, $L)", kernel(pool), layer.layoutArgument(), input, gradOut,
                        geometry(layer), gradIn).build();
        plan.backward(layer.backwardComment(""), code);
    }
}
