package dev.kiln.processor.write;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.plan.NetPlan.StateSlot;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.DATA_TYPE;
import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;
import static dev.kiln.processor.plan.RuntimeTypes.PARAMETER;
import static dev.kiln.processor.plan.RuntimeTypes.SEED_STREAMS;
import static dev.kiln.processor.plan.RuntimeTypes.STATE_BUFFER;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

/**
 * The constructor of a split model. Final fields can be assigned in the constructor only, so it
 * keeps one short assignment per field: each section's arrays (parameters, gradients, state) are
 * drawn by a static method of the section, in the order of its fields, and the constructor takes
 * them from the array it returns. The parameter list is filled section by section.
 */
final class SplitConstructor {
    private static final String DRAWN = "drawn";
    private static final ParameterizedTypeName PARAMETER_LIST = ParameterizedTypeName.get(ClassName.get(List.class), PARAMETER);
    private static final ParameterizedTypeName STATE_BUFFER_LIST = ParameterizedTypeName.get(ClassName.get(List.class), STATE_BUFFER);

    private SplitConstructor() {
    }

    /** A final field and the expression its constructor assigns, for graph node {@code node}. */
    record FieldValue(String field, CodeBlock value, String comment, int node) {
    }

    /** Draws every section's arrays into the net's fields: parameters, their gradients, the model's state arrays. */
    static void draw(MethodSpec.Builder constructor, NetPlan plan, Sections sections) {
        List<FieldValue> values = new ArrayList<>();
        for (ParameterSlot parameter : plan.parameters()) {
            values.add(new FieldValue(parameter.field(), NetWriter.parameterInitializer(plan, parameter), parameter.comment(),
                    parameter.node()));
            values.add(new FieldValue(parameter.gradientField(), NetWriter.gradientInitializer(parameter), null, parameter.node()));
        }
        for (StateSlot state : plan.states()) {
            if (NetWriter.isModelState(state)) {
                values.add(new FieldValue(state.field(), state.initializer(), state.comment(), state.node()));
            }
        }
        assign(constructor, sections, "draw", "The parameters, gradients and state arrays", values,
                List.of(ParameterSpec.builder(SEED_STREAMS, "seeds").build(), ParameterSpec.builder(DATA_TYPE, "dataType").build()));
    }

    /**
     * Assigns final fields from the arrays that one static method per section ({@code verb + section
     * name}, taking {@code parameters}, which the constructor has at hand under the same names)
     * returns in the order of the fields.
     */
    static void assign(MethodSpec.Builder constructor, Sections sections, String verb, String what, List<FieldValue> values,
                       List<ParameterSpec> parameters) {
        List<List<FieldValue>> groups = sections.group(values, FieldValue::node);
        String arguments = String.join(", ", parameters.stream().map(parameter -> parameter.name).toList());
        constructor.addStatement("$T $L", ArrayTypeName.of(INDARRAY), DRAWN);
        for (int s = 0; s < groups.size(); s++) {
            List<FieldValue> group = groups.get(s);
            if (group.isEmpty()) {
                continue;
            }
            Section section = sections.all().get(s);
            CodeBlock.Builder body = CodeBlock.builder();
            for (int i = 0; i < group.size(); i++) {
                if (group.get(i).comment() != null) {
                    body.add("// $L\n", group.get(i).comment());
                }
                body.addStatement("$L[$L] = $L", DRAWN, i, group.get(i).value());
            }
            String name = verb + section.name();
            sections.add(MethodSpec.methodBuilder(name).addModifiers(PRIVATE, STATIC).returns(ArrayTypeName.of(INDARRAY))
                    .addParameters(parameters)
                    .addJavadoc("$L of $L, in the order the constructor assigns them.\n", what, section.label())
                    .addStatement("$T $L = new $T[$L]", ArrayTypeName.of(INDARRAY), DRAWN, INDARRAY, group.size())
                    .addCode(body.build())
                    .addStatement("return $L", DRAWN).build());
            constructor.addComment("$L", section.label());
            constructor.addStatement("$L = $L($L)", DRAWN, name, arguments);
            for (int i = 0; i < group.size(); i++) {
                constructor.addStatement("$L = $L[$L]", group.get(i).field(), DRAWN, i);
            }
        }
    }

    /** The local {@code parameters}: the list of every parameter, filled by one method per section. */
    static void parameterList(MethodSpec.Builder constructor, NetPlan plan, Sections sections) {
        sections.fillList(constructor, PARAMETER_LIST, "parameters", "addParameters", "the parameters", plan.parameters(),
                ParameterSlot::node, NetWriter::parameterEntry);
    }

    /** The local {@code stateBuffers}: every state array, filled by one method per section, then the random generator's state. */
    static void stateBufferList(MethodSpec.Builder constructor, NetPlan plan, Sections sections) {
        List<StateSlot> states = plan.states().stream().filter(state -> state.kind() == StateSlot.Kind.STATE).toList();
        sections.fillList(constructor, STATE_BUFFER_LIST, "stateBuffers", "addStateBuffers", "the state buffers", states,
                StateSlot::node, NetWriter::stateBufferEntry);
        if (plan.usesRandomness()) {
            constructor.addStatement("stateBuffers.add($L)", NetWriter.RANDOM_STATE_BUFFER);
        }
    }
}
