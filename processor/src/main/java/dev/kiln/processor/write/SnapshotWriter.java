package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.StateSlot;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.DATA_TYPE;
import static dev.kiln.processor.plan.RuntimeTypes.FEATURE_LAYOUT;
import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;
import static dev.kiln.processor.plan.RuntimeTypes.INFERENCE_MODEL;
import static dev.kiln.processor.plan.RuntimeTypes.INPUT_CHECK;
import static dev.kiln.processor.plan.RuntimeTypes.LOSSES;
import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

/**
 * The inference snapshot, a nested class {@code Frozen} of the generated model: its own copies of the
 * parameters and running statistics, taken once, with batch norm folded into the Dense or Conv2d
 * layer before it and weight norm's W computed once. Its fields have the model's names, so the
 * snapshot's inference steps read like the model's. Nothing the model does later reaches it: it is
 * stale-proof because it never looks back, and the model's own {@code forward} stays exact because it
 * never folds.
 */
final class SnapshotWriter {
    static final String CLASS_NAME = "Frozen";
    private static final ClassName BUFFERS_TYPE = ClassName.get("", "Buffers");

    private SnapshotWriter() {
    }

    static MethodSpec freezeMethod() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("freezeForInference").addModifiers(PUBLIC).returns(ClassName.get("", CLASS_NAME))
                .addJavadoc("An inference snapshot of this model as it is now: its own copies of the parameters and running\n")
                .addJavadoc("statistics, with batch norm folded into the layer before it. It does not follow later changes to this\n")
                .addJavadoc("model (training, assigned weights, a loaded checkpoint): take a new one after them. Any number of\n")
                .addJavadoc("threads may share the snapshot.\n");
        ConcurrencyGuard.open(method, ConcurrencyGuard.INFERENCE);
        method.addStatement("return new $L(this)", CLASS_NAME);
        return ConcurrencyGuard.close(method, ConcurrencyGuard.INFERENCE).build();
    }

    static TypeSpec snapshotClass(NetPlan plan, ClassName model) {
        TypeSpec.Builder type = TypeSpec.classBuilder(CLASS_NAME).addModifiers(PUBLIC, STATIC, FINAL)
                .addSuperinterface(INFERENCE_MODEL)
                .addJavadoc("An inference snapshot of {@link $T}, from {@link $T#freezeForInference()}: copies of the parameters and\n",
                        model, model)
                .addJavadoc("running statistics taken then, batch norm folded into the Dense or Conv2d layer before it. It never\n")
                .addJavadoc("changes, and it does not follow the model. Its {@code forward} agrees with the model's at the time of\n")
                .addJavadoc("the snapshot to rounding. Safe to share between threads: it never changes, and each thread gets buffers\n")
                .addJavadoc("of its own.\n");
        type.addField(FieldSpec.builder(DATA_TYPE, "dataType", PRIVATE, FINAL).build());
        type.addField(FieldSpec.builder(INPUT_CHECK, "inputCheck", PRIVATE, FINAL).build());
        if (plan.usesLayout()) {
            type.addField(FieldSpec.builder(FEATURE_LAYOUT, "layout", PRIVATE, FINAL).build());
        }
        type.addField(ConcurrencyGuard.buffersField(BUFFERS_TYPE, "Activation buffers, allocated once per batch size"));
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(PRIVATE).addParameter(model, "model")
                .addStatement("dataType = model.dataType")
                .addStatement("inputCheck = model.inputCheck");
        if (plan.usesLayout()) {
            constructor.addStatement("layout = model.layout");
        }
        List<SplitConstructor.FieldValue> values = new ArrayList<>();
        for (ParameterSlot parameter : plan.parameters()) {
            type.addField(FieldSpec.builder(INDARRAY, parameter.field(), PRIVATE, FINAL).build());
            values.add(new SplitConstructor.FieldValue(parameter.field(), CodeBlock.of("model.$L.dup()", parameter.field()), null,
                    parameter.node()));
        }
        for (StateSlot state : plan.states()) {
            switch (state.kind()) {
                case STATE -> values.add(new SplitConstructor.FieldValue(state.field(), CodeBlock.of("model.$L.dup()", state.field()), null,
                        state.node()));
                case SCRATCH, FOLDED -> values.add(new SplitConstructor.FieldValue(state.field(), state.initializer(), null, state.node()));
                case TRAINING -> {
                    continue;
                }
            }
            type.addField(FieldSpec.builder(INDARRAY, state.field(), PRIVATE, FINAL).addJavadoc("$L\n", state.comment()).build());
        }
        for (NetPlan.RecordSlot record : plan.records()) {
            if (record.snapshotInitializer() != null) {
                type.addField(FieldSpec.builder((TypeName) record.type(), record.field(), PRIVATE, FINAL)
                        .addJavadoc("$L\n", record.comment()).build());
            }
        }
        Sections sections = new Sections(plan);
        if (plan.isSplit()) {
            SplitConstructor.assign(constructor, sections, "copy", "The snapshot's copies and folded arrays", values,
                    List.of(ParameterSpec.builder(model, "model").build(), ParameterSpec.builder(DATA_TYPE, "dataType").build()));
        } else {
            values.forEach(value -> constructor.addStatement("$L = $L", value.field(), value.value()));
        }
        NetWriter.layerRecords(constructor, plan, true);
        sections.pass(constructor, "setUp", "Folding and weights computed once", plan.snapshotSetup(), false, List.of());
        type.addMethod(constructor.build());

        MethodSpec.Builder forward = MethodSpec.methodBuilder("forward").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(INDARRAY).addParameter(INDARRAY, "features")
                .addJavadoc("Inference with the snapshot's weights. Returns a buffer owned by the snapshot; {@code dup()} it to keep it.\n")
                .addStatement("inputCheck.features(features)")
                .addStatement("$T $L = $L.get().get(features.size(0), n -> new Buffers(n, dataType$L))", BUFFERS_TYPE,
                        NetPlan.BUFFERS, ConcurrencyGuard.CACHE_FIELD, plan.usesLayout() ? ", layout" : "");
        sections.pass(forward, "inference", "The snapshot's inference", plan.snapshotInference(), false, NetWriter.INFERENCE_LOCALS);
        type.addMethod(forward.addStatement("return $L", plan.inferenceOutput()).build());
        type.addMethod(MethodSpec.methodBuilder("loss").addAnnotation(Override.class).addModifiers(PUBLIC).returns(double.class)
                .addParameter(INDARRAY, "features").addParameter(INDARRAY, "targets")
                .addStatement("inputCheck.targets(features, targets)")
                .addStatement("return $T.loss(GRAPH.loss(), forward(features), targets)", LOSSES).build());
        type.addMethod(MethodSpec.methodBuilder("graph").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(ModelGraph.class).addStatement("return GRAPH").build());
        type.addMethod(MethodSpec.methodBuilder("dataType").addAnnotation(Override.class).addModifiers(PUBLIC)
                .returns(DATA_TYPE).addStatement("return dataType").build());
        return type.addMethods(sections.methods()).build();
    }
}
