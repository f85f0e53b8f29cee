package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.PoolSpec;
import dev.kiln.ir.Window;

import static dev.kiln.processor.plan.RuntimeTypes.AVG_POOL_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.GLOBAL_AVG_POOL_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.MAX_POOL_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.POOL2D_GEOMETRY;

/** Max, average and global average pooling: the same in both modes, no parameters. */
final class PoolEmitter implements LayerEmitter {

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

    private static CodeBlock forward(LayerContext layer, String input) {
        PoolSpec pool = (PoolSpec) layer.spec();
        if (pool.pooling() == PoolSpec.Kind.GLOBAL_AVERAGE) {
            return CodeBlock.builder().addStatement("$T.forward($L, $L)", kernel(pool), input, out(layer)).build();
        }
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L)", kernel(pool), layer.layoutArgument(), input, geometry(layer),
                out(layer)).build();
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        plan.inference(layer.comment(), forward(layer, input));
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        plan.training(layer.comment(), forward(layer, input));
        return out(layer);
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

    private static String out(LayerContext layer) {
        return PlanBuilder.BUFFERS + "." + layer.member("Out");
    }
}
