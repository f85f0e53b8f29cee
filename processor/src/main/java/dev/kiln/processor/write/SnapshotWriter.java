package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.Pass;
import dev.kiln.processor.plan.NetPlan.StateSlot;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.DATA_TYPE;
import static dev.kiln.processor.plan.RuntimeTypes.FEATURE_LAYOUT;
import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;
import static dev.kiln.processor.plan.RuntimeTypes.GENERATED_SNAPSHOT;
import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PROTECTED;
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
        return MethodSpec.methodBuilder("freezeForInference").addModifiers(PUBLIC).returns(ClassName.get("", CLASS_NAME))
                .addJavadoc("An inference snapshot of this model as it is now: its own copies of the parameters and running\n")
                .addJavadoc("statistics, with batch norm folded into the layer before it. It does not follow later changes to this\n")
                .addJavadoc("model (training, assigned weights, a loaded checkpoint): take a new one after them. Any number of\n")
                .addJavadoc("threads may share the snapshot.\n")
                .addStatement("return whileInferenceGuarded(() -> new $L(this))", CLASS_NAME).build();
    }

    static TypeSpec snapshotClass(NetPlan plan, ClassName model, ClassName buffers) {
        TypeSpec.Builder type = TypeSpec.classBuilder(CLASS_NAME).addModifiers(PUBLIC, STATIC, FINAL)
                .superclass(ParameterizedTypeName.get(GENERATED_SNAPSHOT, buffers))
                .addJavadoc("An inference snapshot of {@link $T}, from {@link $T#freezeForInference()}: copies of the parameters and\n",
                        model, model)
                .addJavadoc("running statistics taken then, batch norm folded into the Dense or Conv2d layer before it. It never\n")
                .addJavadoc("changes, and it does not follow the model. Its {@code forward} agrees with the model's at the time of\n")
                .addJavadoc("the snapshot to rounding. Safe to share between threads: it never changes, and each thread gets buffers\n")
                .addJavadoc("of its own.\n");
        if (plan.usesLayout()) {
            type.addField(FieldSpec.builder(FEATURE_LAYOUT, "layout", PRIVATE, FINAL).build());
        }
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(PRIVATE).addParameter(model, "model")
                .addStatement("super(GRAPH, model.dataType())");
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
        if (plan.isSplit() || values.stream().anyMatch(value -> value.value().toString().contains("dataType"))) {
            // the folded and scratch arrays are allocated in the model's data type, named as in the model's constructor
            constructor.addStatement("$T dataType = model.dataType()", DATA_TYPE);
        }
        if (plan.isSplit()) {
            SplitConstructor.assign(constructor, sections, "copy", "The snapshot's copies and folded arrays", values,
                    List.of(ParameterSpec.builder(model, "model").build(), ParameterSpec.builder(DATA_TYPE, "dataType").build()));
        } else {
            values.forEach(value -> constructor.addStatement("$L = $L", value.field(), value.value()));
        }
        NetWriter.layerRecords(constructor, plan, true);
        sections.pass(constructor, "setUp", "Folding and weights computed once", plan.snapshotSetup(), false, List.of());
        BlockMethods.construct(constructor, plan.snapshotBlocks());
        type.addMethod(constructor.build());
        BlockMethods.addToSnapshot(type, plan);

        type.addMethod(MethodSpec.methodBuilder("newBuffers").addAnnotation(Override.class).addModifiers(PROTECTED).returns(buffers)
                .addParameter(long.class, "batchSize")
                .addStatement("return new $T(batchSize, dataType()$L)", buffers, plan.usesLayout() ? ", layout" : "").build());
        MethodSpec.Builder forward = MethodSpec.methodBuilder("inferencePass").addAnnotation(Override.class).addModifiers(PROTECTED)
                .returns(INDARRAY).addParameter(INDARRAY, "features").addParameter(buffers, NetPlan.BUFFERS)
                .addJavadoc("Inference with the snapshot's weights.\n");
        sections.pass(forward, "inference", "The snapshot's inference",
                BlockMethods.calls(plan.snapshotBlocks(), Pass.INFERENCE, plan.snapshotInference()), false, NetWriter.INFERENCE_LOCALS);
        type.addMethod(forward.addStatement("return $L", plan.inferenceOutput()).build());
        return type.addMethods(sections.methods()).build();
    }
}
