package dev.kiln.processor.write;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.TypeName;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.plan.NetPlan.Step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

import static javax.lang.model.element.Modifier.PRIVATE;

/**
 * The sections of a split model ({@link NetPlan#sections()}) as the writer uses them: which section
 * a node's code goes to, and a pass's steps written as one method per section (named after the
 * pass and the section, {@code inferenceLayer3Units0To5}) that the pass's method calls in order. A
 * section method takes those of the pass's locals its code uses ({@code buffers}, {@code features}).
 * The methods collect here; the writer adds them to the class.
 */
final class Sections {
    /** A local of the pass's method that section methods may read, passed as a parameter of the same name. */
    record Local(TypeName type, String name) {
    }

    private final NetPlan plan;
    private final int[] sectionOfNode;
    private final List<MethodSpec> methods = new ArrayList<>();
    /** The call of each pass method written so far, by method name. */
    private final Map<String, CodeBlock> calls = new HashMap<>();

    Sections(NetPlan plan) {
        this.plan = plan;
        this.sectionOfNode = new int[plan.graph().nodes().size()];
        for (int s = 0; s < plan.sections().size(); s++) {
            Section section = plan.sections().get(s);
            Arrays.fill(sectionOfNode, section.first(), section.end(), s);
        }
    }

    List<Section> all() {
        return plan.sections();
    }

    /** The section index of node {@code node}. */
    int of(int node) {
        return sectionOfNode[node];
    }

    /** Items grouped by the section of their node, each group in the order given. */
    <T> List<List<T>> group(List<T> items, ToIntFunction<T> node) {
        List<List<T>> groups = new ArrayList<>();
        for (int s = 0; s < plan.sections().size(); s++) {
            groups.add(new ArrayList<>());
        }
        for (T item : items) {
            groups.get(of(node.applyAsInt(item))).add(item);
        }
        return groups;
    }

    /** Adds a section method (draw, allocate, lists) built by the caller. */
    void add(MethodSpec method) {
        methods.add(method);
    }

    List<MethodSpec> methods() {
        return methods;
    }

    /**
     * Writes a pass's steps into {@code caller}: inline in an unsplit model, else as one call per
     * section that has steps (sections last to first when {@code lastToFirst}, as backward runs) of
     * a private method {@code verb + section name}, documented as {@code what} of the section.
     */
    void pass(MethodSpec.Builder caller, String verb, String what, List<Step> steps, boolean lastToFirst, List<Local> locals) {
        if (!plan.isSplit()) {
            NetWriter.steps(caller, steps);
            return;
        }
        List<List<Step>> groups = group(steps, Step::node);
        for (int i = 0; i < groups.size(); i++) {
            int s = lastToFirst ? groups.size() - 1 - i : i;
            if (groups.get(s).isEmpty()) {
                continue;
            }
            Section section = plan.sections().get(s);
            List<Local> used = used(locals, groups.get(s));
            MethodSpec.Builder method = MethodSpec.methodBuilder(verb + section.name()).addModifiers(PRIVATE)
                    .addJavadoc("$L of $L.\n", what, section.label());
            for (Local local : used) {
                method.addParameter(ParameterSpec.builder(local.type(), local.name()).build());
            }
            NetWriter.steps(method, groups.get(s));
            methods.add(method.build());
            CodeBlock call = CodeBlock.of("$L($L)", verb + section.name(), String.join(", ", used.stream().map(Local::name).toList()));
            calls.put(verb + section.name(), call);
            caller.addStatement(call);
        }
    }

    /** The call of the pass method {@code verb} of section {@code section}, or empty when that section has no code in the pass. */
    Optional<CodeBlock> call(String verb, int section) {
        return Optional.ofNullable(calls.get(verb + plan.sections().get(section).name()));
    }

    /**
     * Declares the local list {@code local} in {@code constructor} and fills it with the entries of
     * {@code items}, through one method per section that has some ({@code verb + section name},
     * documented as adding {@code what} of the section). The caller assigns the list.
     */
    <T> void fillList(MethodSpec.Builder constructor, TypeName listType, String local, String verb, String what, List<T> items,
                      ToIntFunction<T> node, Function<T, CodeBlock> entry) {
        constructor.addStatement("$T $L = new $T<>()", listType, local, ArrayList.class);
        List<List<T>> groups = group(items, node);
        for (int s = 0; s < groups.size(); s++) {
            if (groups.get(s).isEmpty()) {
                continue;
            }
            Section section = plan.sections().get(s);
            MethodSpec.Builder method = MethodSpec.methodBuilder(verb + section.name()).addModifiers(PRIVATE)
                    .addParameter(listType, "list").addJavadoc("Adds $L of $L to the list, in order.\n", what, section.label());
            groups.get(s).forEach(item -> method.addStatement("list.add($L)", entry.apply(item)));
            methods.add(method.build());
            constructor.addStatement("$L$L($L)", verb, section.name(), local);
        }
    }

    /** The locals that the steps' code names. */
    static List<Local> used(List<Local> locals, List<Step> steps) {
        List<Local> used = new ArrayList<>();
        for (Local local : locals) {
            Pattern name = Pattern.compile("\\b" + Pattern.quote(local.name()) + "\\b");
            if (steps.stream().anyMatch(step -> name.matcher(step.source()).find())) {
                used.add(local);
            }
        }
        return used;
    }
}
