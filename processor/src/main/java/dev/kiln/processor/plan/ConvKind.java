package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Init;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.Shape;
import dev.kiln.ir.Window;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.ActivationReader;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.AnnotationValues;
import dev.kiln.processor.read.InitReader;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;
import dev.kiln.processor.read.WindowReader;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_FOLDING;
import static dev.kiln.processor.plan.RuntimeTypes.CONV2D_GEOMETRY;
import static dev.kiln.processor.plan.RuntimeTypes.CONV2D_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.CONV2D_LAYER;

/** Conv2d layers: the shared weighted-layer code with the convolution kernel and its geometry constant. */
final class ConvKind extends WeightedEmitter implements LayerKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(ConvSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(Conv2d.class, ConvKind::read));
    }

    /** oneDNN's NHWC path covers ungrouped, undilated convolutions; the others run in NCHW. */
    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        Window w = ((ConvSpec) spec).window();
        return ((ConvSpec) spec).groups() == 1 && w.dilationH() == 1 && w.dilationW() == 1;
    }

    /** "Same" padding becomes numbers here: dilation (K - 1) / 2 per side. */
    private static LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
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

    @Override
    CodeBlock linearForward(LayerContext layer, String input, boolean folded, String out) {
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L)", CONV2D_KERNEL, layer.layoutArgument(), input,
                folded ? foldedRecord(layer) : layer.name(), out).build();
    }

    @Override
    CodeBlock activatedForward(LayerContext layer, String input, String z, String out) {
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L, $L)", CONV2D_KERNEL, layer.layoutArgument(), input, layer.name(), z,
                out).build();
    }

    @Override
    CodeBlock backwardCall(LayerContext layer, String input, String preActivationGrad, String gradIn) {
        return CodeBlock.builder().addStatement("$T.backward($L$L, $L, $L, $L)", CONV2D_KERNEL, layer.layoutArgument(), input,
                preActivationGrad, layer.name(), gradIn).build();
    }

    @Override
    CodeBlock foldCall(LayerContext layer, NormSpec norm) {
        return CodeBlock.builder().addStatement("$T.foldConv($L, $L, $L)", BATCH_NORM_FOLDING, layer.name(), norm.name(),
                foldedRecord(layer)).build();
    }

    /**
     * {@code conv1}: W, b, their gradients, the geometry and the activation, built once; the
     * snapshot's without gradients, and where a batch norm follows, its folded weights as
     * {@code conv1Folded}.
     */
    @Override
    void declareRecord(LayerContext layer, PlanBuilder plan, boolean folds) {
        ConvSpec conv = (ConvSpec) layer.spec();
        String w = layer.member("W");
        String b = conv.bias() ? layer.member("B") : "null";
        String geometry = geometryConstant(layer);
        String activation = layer.specConstant() + ".activation()";
        plan.layerRecord(layer.name(), CONV2D_LAYER,
                CodeBlock.of("new $T($L, $L, $L, $L, $L, $L)", CONV2D_LAYER, w, b, layer.member("WGrad"),
                        conv.bias() ? layer.member("BGrad") : "null", geometry, activation),
                CodeBlock.of("new $T($L, $L, null, null, $L, $L)", CONV2D_LAYER, w, b, geometry, activation),
                conv.name() + ": weights, bias, their gradients, geometry and activation, for the kernels");
        if (folds) {
            plan.layerRecord(foldedRecord(layer), CONV2D_LAYER, null,
                    CodeBlock.of("$T.of($L, $L, $L)", CONV2D_LAYER, layer.member("WFolded"), layer.member("BFolded"), geometry),
                    conv.name() + " with " + layer.foldsBatchNorm().name() + " folded in, for the kernels");
        }
    }

    private static String foldedRecord(LayerContext layer) {
        return layer.member("Folded");
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
