package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.plan.NetPlan.Step;
import dev.kiln.processor.plan.NetPlan.WeightLayerSlot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;
import static dev.kiln.processor.plan.RuntimeTypes.WEIGHT_LAYER;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PROTECTED;

/**
 * The generated members behind {@code dev.kiln.runtime.Layerwise}: the list of weight layers and
 * {@code preActivation}, which replays the inference steps and returns as soon as the requested
 * layer's pre-activation buffer is written.
 */
final class LayerwiseMembers {
    private static final ParameterizedTypeName LIST = ParameterizedTypeName.get(ClassName.get(List.class), WEIGHT_LAYER);

    private LayerwiseMembers() {
    }

    /** Declares the local list {@code weightLayers} in the constructor, once the parameters exist. */
    static void initialize(MethodSpec.Builder constructor, NetPlan plan, Sections sections) {
        if (!plan.isSplit()) {
            CodeBlock.Builder list = CodeBlock.builder();
            for (int i = 0; i < plan.weightLayers().size(); i++) {
                list.add(i == 0 ? "\n" : ",\n").add(plan.weightLayers().get(i).entry());
            }
            constructor.addStatement("$T weightLayers = $T.of($L)", LIST, List.class, list.build());
            return;
        }
        sections.fillList(constructor, LIST, "weightLayers", "addWeightLayers", "the weight layers", plan.weightLayers(),
                WeightLayerSlot::node, WeightLayerSlot::entry);
    }

    /**
     * {@code preActivationPass}: the replay, split or not; the base class checks the layer index and
     * guards the call. Absent in a model with no weight layers, where the base class refuses every index.
     */
    static Optional<MethodSpec> preActivationPass(NetPlan plan, ClassName buffers, Sections sections) {
        if (plan.weightLayers().isEmpty()) {
            return Optional.empty();
        }
        MethodSpec.Builder method = MethodSpec.methodBuilder("preActivationPass").addAnnotation(Override.class).addModifiers(PROTECTED)
                .returns(INDARRAY).addParameter(INDARRAY, "features").addParameter(int.class, "layer")
                .addParameter(buffers, NetPlan.BUFFERS)
                .addJavadoc("Inference forward up to weight layer {@code layer}; returns its pre-activation x W + b.\n");
        if (plan.isSplit()) {
            splitReplay(plan, sections, method);
        } else {
            replay(plan, method);
        }
        return Optional.of(method.build());
    }

    /**
     * Split: runs whole sections' inference up to the section of the requested layer, whose own
     * replay ({@code preActivation<Section>}) returns at it.
     */
    private static void splitReplay(NetPlan plan, Sections sections, MethodSpec.Builder method) {
        List<WeightLayerSlot> slots = plan.weightLayers();
        int lastSection = sections.of(slots.get(slots.size() - 1).node());
        List<List<Integer>> stepsOfSection = sections.group(indices(plan.inference().size()), i -> plan.inference().get(i).node());
        int next = 0;
        for (int s = 0; s <= lastSection; s++) {
            int firstSlot = next;
            while (next < slots.size() && sections.of(slots.get(next).node()) == s) {
                next++;
            }
            if (next == firstSlot) {
                sections.call("inference", s).ifPresent(method::addStatement);
                continue;
            }
            CodeBlock replay = sectionReplay(plan, sections, s, stepsOfSection.get(s), firstSlot, next - 1);
            if (s == lastSection) {
                method.addStatement("return $L", replay);
            } else {
                method.beginControlFlow("if (layer <= $L)", next - 1).addStatement("return $L", replay).endControlFlow();
                sections.call("inference", s).ifPresent(method::addStatement);
            }
        }
    }

    /** The section's inference steps up to weight layer {@code last}, returning at the requested one of {@code first..last}. */
    private static CodeBlock sectionReplay(NetPlan plan, Sections sections, int s, List<Integer> steps, int first, int last) {
        Section section = sections.all().get(s);
        List<WeightLayerSlot> slots = plan.weightLayers();
        List<Step> replayed = new ArrayList<>();
        for (int index : steps) {
            replayed.add(plan.inference().get(index));
            if (index + 1 == slots.get(last).inferenceSteps()) {
                break;
            }
        }
        List<Sections.Local> used = Sections.used(NetWriter.INFERENCE_LOCALS, replayed);
        MethodSpec.Builder method = MethodSpec.methodBuilder("preActivation" + section.name()).addModifiers(PRIVATE).returns(INDARRAY)
                .addJavadoc("Inference of $L up to weight layer {@code layer}, one of $L to $L; returns its pre-activation.\n",
                        section.label(), first, last);
        used.forEach(local -> method.addParameter(local.type(), local.name()));
        method.addParameter(int.class, "layer");
        int slot = first;
        for (int index : steps) {
            Step step = plan.inference().get(index);
            method.addComment("$L", step.comment());
            method.addCode(step.code());
            for (; slot <= last && slots.get(slot).inferenceSteps() == index + 1; slot++) {
                if (slot == last) {
                    method.addStatement("return $L", slots.get(slot).preActivation());
                } else {
                    method.beginControlFlow("if (layer == $L)", slot).addStatement("return $L", slots.get(slot).preActivation())
                            .endControlFlow();
                }
            }
            if (slot > last) {
                break;
            }
        }
        sections.add(method.build());
        List<String> arguments = new ArrayList<>(used.stream().map(Sections.Local::name).toList());
        arguments.add("layer");
        return CodeBlock.of("$L($L)", "preActivation" + section.name(), String.join(", ", arguments));
    }

    private static List<Integer> indices(int count) {
        List<Integer> indices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            indices.add(i);
        }
        return indices;
    }

    /** Not split: the inference steps up to the last weight layer, returning at the requested one. */
    private static void replay(NetPlan plan, MethodSpec.Builder method) {
        List<WeightLayerSlot> slots = plan.weightLayers();
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
    }
}
