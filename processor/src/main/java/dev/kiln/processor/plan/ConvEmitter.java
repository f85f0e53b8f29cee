package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.Window;

import static dev.kiln.processor.plan.RuntimeTypes.CONV2D_GEOMETRY;
import static dev.kiln.processor.plan.RuntimeTypes.CONV2D_KERNEL;

/** Conv2d layers: the shared weighted-layer code with the convolution kernel and its geometry constant. */
final class ConvEmitter extends WeightedEmitter {

    @Override
    ClassName kernel() {
        return CONV2D_KERNEL;
    }

    @Override
    String geometryArgument(LayerContext layer) {
        return ", " + geometryConstant(layer);
    }

    @Override
    String foldMethod() {
        return "foldConv";
    }

    private static String geometryConstant(LayerContext layer) {
        return layer.specConstant() + "_GEOMETRY";
    }

    @Override
    void declareSpec(LayerContext layer, PlanBuilder plan) {
        ConvSpec conv = (ConvSpec) layer.spec();
        Window w = conv.window();
        plan.specConstant(layer.specConstant(), ConvSpec.class, CodeBlock.of("new $T($S, $L, $L, $L, $L, $L, $L, $L)", ConvSpec.class,
                conv.name(), conv.filters(), IrLiterals.window(w), conv.groups(), conv.bias(), IrLiterals.activation(conv.activation()),
                IrLiterals.init(conv.weightInit()), IrLiterals.init(conv.biasInit())), layer.header());
        plan.specConstant(geometryConstant(layer), CONV2D_GEOMETRY, CodeBlock.of("$T.of($L, $L, $L, $L, $L, $L, $L, $L, $L)",
                CONV2D_GEOMETRY, w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW(), w.dilationH(), w.dilationW(),
                conv.groups()), "kernel, stride, padding, dilation and groups of " + conv.name() + " for the convolution kernel");
    }
}
