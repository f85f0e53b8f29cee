package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.processor.Message;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.read.ActivationReader;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.AnnotationValues;
import dev.kiln.processor.read.InitReader;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_FOLDING;
import static dev.kiln.processor.plan.RuntimeTypes.DENSE_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.ND4J;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_LAYER;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_NORM_KERNEL;

/**
 * Dense layers. With weight norm, W is computed from trained v and g before the forward pass,
 * and dL/dW is turned into dL/dv and dL/dg after the backward pass.
 */
final class DenseKind extends WeightedEmitter implements LayerKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(DenseSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(LayerReader.of(Dense.class, DenseKind::read));
    }

    /** Initializers stay as written ({@code DEFAULT} included) until {@code InitDefaults} resolves them. */
    private static LayerSpec read(VariableElement field, AnnotationMirror mirror, ReadContext context) {
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

    @Override
    CodeBlock linearForward(LayerContext layer, String input, boolean folded, String out) {
        String w = folded ? layer.member("WFolded") : layer.member("W");
        String b = folded ? layer.member("BFolded") : bias(layer);
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L, $L)", DENSE_KERNEL, layer.layoutArgument(), input, w, b, out).build();
    }

    @Override
    CodeBlock activatedForward(LayerContext layer, String input, String z, String out) {
        return CodeBlock.builder().addStatement("$T.forward($L$L, $L, $L, $L.activation(), $L, $L)", DENSE_KERNEL, layer.layoutArgument(), input, layer.member("W"),
                bias(layer), layer.specConstant(), z, out).build();
    }

    @Override
    CodeBlock backwardCall(LayerContext layer, String input, String preActivationGrad, String gradIn) {
        DenseSpec dense = (DenseSpec) layer.spec();
        return CodeBlock.builder().addStatement("$T.backward($L$L, $L, $L, $L, $L, $L)", DENSE_KERNEL, layer.layoutArgument(), input, layer.member("W"),
                preActivationGrad, gradIn, layer.member("WGrad"), dense.bias() ? layer.member("BGrad") : "null").build();
    }

    @Override
    CodeBlock foldCall(LayerContext layer, NormSpec norm) {
        return CodeBlock.builder().addStatement("$T.foldDense($L, $L, $L, $L, $L)", BATCH_NORM_FOLDING, layer.member("W"), bias(layer),
                norm.name(), layer.member("WFolded"), layer.member("BFolded")).build();
    }

    private static String bias(LayerContext layer) {
        return ((DenseSpec) layer.spec()).bias() ? layer.member("B") : "null";
    }

    @Override
    void declareSpec(LayerContext layer, PlanBuilder plan) {
        DenseSpec dense = (DenseSpec) layer.spec();
        CodeBlock spec = CodeBlock.of("new $T($S, $L, $L, $L, $L, $L$L)", DenseSpec.class, dense.name(), dense.units(), dense.bias(),
                IrLiterals.activation(dense.activation()), IrLiterals.init(dense.weightInit()), IrLiterals.init(dense.biasInit()),
                dense.weightNorm() ? ", true" : "");
        plan.specConstant(layer.specConstant(), DenseSpec.class, spec, layer.header());
    }

    @Override
    void declareWeight(LayerContext layer, PlanBuilder plan, long[] weightShape) {
        DenseSpec dense = (DenseSpec) layer.spec();
        if (!dense.weightNorm()) {
            super.declareWeight(layer, plan, weightShape);
            return;
        }
        String weights = Names.shape(weightShape);
        plan.parameter(new ParameterSlot(dense.name(), "v", "WEIGHT", layer.member("V"), layer.member("VGrad"), weightShape,
                CodeBlock.of("$L.weightInit()", layer.specConstant()),
                dense.name() + " weight directions v " + weights + ", " + dense.weightInit()));
        plan.parameter(new ParameterSlot(dense.name(), "g", "NORM", layer.member("G"), layer.member("GGrad"),
                new long[] {dense.units()}, CodeBlock.of("$T.constant(1.0)", InitSpec.class),
                dense.name() + " weight lengths g [" + dense.units() + "], set to ||v|| per unit"));
        plan.scratch(layer.member("W"), true, CodeBlock.of("$T.create(dataType, $L)", ND4J, Names.arguments(weightShape)),
                dense.name() + " weights W = g v / ||v|| per unit " + weights);
        plan.trainingScratch(layer.member("WGrad"), CodeBlock.of("$T.create(dataType, $L)", ND4J, Names.arguments(weightShape)),
                "dL/dW of " + dense.name() + ", turned into dL/dv and dL/dg");
        plan.scratch(layer.member("VNorms"), false, CodeBlock.of("$T.create(dataType, $L)", ND4J, dense.units()),
                "||v|| per unit of " + dense.name());
        plan.setup(dense.name() + ": g = ||v||, so W starts as drawn", CodeBlock.builder()
                .addStatement("$T.initialize($L, $L)", WEIGHT_NORM_KERNEL, layer.member("V"), layer.member("G")).build());
    }

    @Override
    CodeBlock prepareWeight(LayerContext layer) {
        if (!((DenseSpec) layer.spec()).weightNorm()) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L)", WEIGHT_NORM_KERNEL, layer.member("V"), layer.member("G"),
                layer.member("VNorms"), layer.member("W")).build();
    }

    /** With weight norm, W is made from v and g: edits through {@code Layerwise} go to them. */
    @Override
    CodeBlock weightLayerEntry(LayerContext layer) {
        DenseSpec dense = (DenseSpec) layer.spec();
        if (!dense.weightNorm()) {
            return super.weightLayerEntry(layer);
        }
        return CodeBlock.of("$T.weightNormalized($S, $L, $L, $L, $L, $L)", WEIGHT_LAYER, dense.name(), layer.member("V"), layer.member("G"),
                layer.member("VNorms"), layer.member("W"), dense.bias() ? layer.member("B") : "null");
    }

    @Override
    CodeBlock finishWeightGradient(LayerContext layer) {
        if (!((DenseSpec) layer.spec()).weightNorm()) {
            return CodeBlock.of("");
        }
        return CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L, $L, $L)", WEIGHT_NORM_KERNEL, layer.member("WGrad"),
                layer.member("V"), layer.member("G"), layer.member("VNorms"), layer.member("VGrad"), layer.member("GGrad")).build();
    }

    @Override
    String backwardNote(LayerContext layer) {
        return ((DenseSpec) layer.spec()).weightNorm() ? "; dL/dW into dL/dv and dL/dg" : "";
    }
}
