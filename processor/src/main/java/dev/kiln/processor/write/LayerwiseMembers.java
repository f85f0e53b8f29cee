package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.Step;
import dev.kiln.processor.plan.NetPlan.WeightLayerSlot;

import java.util.List;
import java.util.Objects;

import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_LAYER;
import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;

/**
 * The generated members behind {@code dev.kiln.runtime.Layerwise}: the list of weight layers and
 * {@code preActivation}, which replays the inference steps and returns as soon as the requested
 * layer's pre-activation buffer is written.
 */
final class LayerwiseMembers {
    private static final ParameterizedTypeName LIST = ParameterizedTypeName.get(ClassName.get(List.class), WEIGHT_LAYER);
    private static final ClassName BUFFERS_TYPE = ClassName.get("", "Buffers");

    private LayerwiseMembers() {
    }

    static FieldSpec field() {
        return FieldSpec.builder(LIST, "weightLayers", PRIVATE, FINAL).build();
    }

    /** The constructor statement that fills {@link #field()} once the parameters exist. */
    static CodeBlock initialization(NetPlan plan) {
        CodeBlock.Builder list = CodeBlock.builder();
        for (int i = 0; i < plan.weightLayers().size(); i++) {
            WeightLayerSlot slot = plan.weightLayers().get(i);
            list.add(i == 0 ? "\n" : ",\n").add("new $T($S, $L, $L)", WEIGHT_LAYER, slot.layer(), slot.weightField(),
                    slot.biasField() == null ? "null" : slot.biasField());
        }
        return CodeBlock.builder().addStatement("weightLayers = $T.of($L)", List.class, list.build()).build();
    }

    static List<MethodSpec> methods(NetPlan plan) {
        MethodSpec accessor = MethodSpec.methodBuilder("weightLayers").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(LIST).addStatement("return weightLayers").build();
        return List.of(accessor, preActivation(plan));
    }

    private static MethodSpec preActivation(NetPlan plan) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("preActivation").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(INDARRAY).addParameter(INDARRAY, "features").addParameter(int.class, "layer")
                .addJavadoc("Inference forward up to weight layer {@code layer}; returns its pre-activation x W + b, a buffer owned by this model.\n");
        List<WeightLayerSlot> slots = plan.weightLayers();
        if (slots.isEmpty()) {
            return method.addStatement("throw new $T($S + layer)", IndexOutOfBoundsException.class,
                    "model " + plan.modelName() + " has no weight layers; asked for layer ").build();
        }
        method.addStatement("inputCheck.features(features)")
                .addStatement("$T.checkIndex(layer, weightLayers.size())", Objects.class)
                .addStatement("$T b = buffersFor(features.size(0))", BUFFERS_TYPE);
        List<Step> steps = plan.inference();
        WeightLayerSlot last = slots.get(slots.size() - 1);
        int index = 0; // slots come in the order of their inference steps
        for (int done = 1; done <= last.inferenceSteps(); done++) {
            Step step = steps.get(done - 1);
            method.addComment("$L", step.comment());
            method.addCode(step.code());
            for (; index < slots.size() && slots.get(index).inferenceSteps() == done; index++) {
                WeightLayerSlot slot = slots.get(index);
                if (slot == last) {
                    method.addStatement("return $L", slot.preActivation());
                } else {
                    method.beginControlFlow("if (layer == $L)", index).addStatement("return $L", slot.preActivation()).endControlFlow();
                }
            }
        }
        return method.build();
    }
}
