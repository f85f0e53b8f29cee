package dev.kiln.processor.write;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
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

    private SplitConstructor() {
    }

    /** Draws every section's arrays into the net's fields. */
    static void draw(MethodSpec.Builder constructor, NetPlan plan, Sections sections) {
        List<List<ParameterSlot>> parameters = sections.group(plan.parameters(), ParameterSlot::node);
        List<List<StateSlot>> states = sections.group(plan.states(), StateSlot::node);
        constructor.addStatement("$T $L", ArrayTypeName.of(INDARRAY), DRAWN);
        for (int s = 0; s < sections.all().size(); s++) {
            if (parameters.get(s).isEmpty() && states.get(s).isEmpty()) {
                continue;
            }
            Section section = sections.all().get(s);
            List<String> fields = new ArrayList<>();
            CodeBlock.Builder body = CodeBlock.builder();
            for (ParameterSlot parameter : parameters.get(s)) {
                body.add("// $L\n", parameter.comment());
                body.addStatement("$L[$L] = $L", DRAWN, fields.size(), NetWriter.parameterInitializer(parameter));
                fields.add(parameter.field());
                body.addStatement("$L[$L] = $L", DRAWN, fields.size(), NetWriter.gradientInitializer(parameter));
                fields.add(parameter.gradientField());
            }
            for (StateSlot state : states.get(s)) {
                body.add("// $L\n", state.comment());
                body.addStatement("$L[$L] = $L", DRAWN, fields.size(), state.initializer());
                fields.add(state.field());
            }
            String name = "draw" + section.name();
            sections.add(MethodSpec.methodBuilder(name).addModifiers(PRIVATE, STATIC).returns(ArrayTypeName.of(INDARRAY))
                    .addParameter(SEED_STREAMS, "seeds").addParameter(DATA_TYPE, "dataType")
                    .addJavadoc("The parameters, gradients and state arrays of $L, in the order the constructor assigns them.\n",
                            section.label())
                    .addStatement("$T $L = new $T[$L]", ArrayTypeName.of(INDARRAY), DRAWN, INDARRAY, fields.size())
                    .addCode(body.build())
                    .addStatement("return $L", DRAWN).build());
            constructor.addComment("$L", section.label());
            constructor.addStatement("$L = $L(seeds, dataType)", DRAWN, name);
            for (int i = 0; i < fields.size(); i++) {
                constructor.addStatement("$L = $L[$L]", fields.get(i), DRAWN, i);
            }
        }
    }

    /** {@code parameters = ...}: the list of every parameter, filled by one method per section. */
    static void parameterList(MethodSpec.Builder constructor, NetPlan plan, Sections sections) {
        List<List<ParameterSlot>> groups = sections.group(plan.parameters(), ParameterSlot::node);
        constructor.addStatement("$T parameterList = new $T<>()", PARAMETER_LIST, ArrayList.class);
        for (int s = 0; s < groups.size(); s++) {
            if (groups.get(s).isEmpty()) {
                continue;
            }
            Section section = sections.all().get(s);
            MethodSpec.Builder method = MethodSpec.methodBuilder("addParameters" + section.name()).addModifiers(PRIVATE)
                    .addParameter(PARAMETER_LIST, "list").addJavadoc("Adds the parameters of $L to the list, in order.\n", section.label());
            groups.get(s).forEach(parameter -> method.addStatement("list.add($L)", NetWriter.parameterEntry(parameter)));
            sections.add(method.build());
            constructor.addStatement("addParameters$L(parameterList)", section.name());
        }
        constructor.addStatement("parameters = $T.copyOf(parameterList)", List.class);
    }
}
