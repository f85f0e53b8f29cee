package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kiln.processor.plan.RuntimeTypes.RESIDUAL_KERNEL;

/**
 * Wraps the residual branches of units with stochastic depth in their gate (reference section 12):
 * training draws the gate before the branch and runs the branch's layers only when it is open, so a
 * closed branch costs nothing and updates no running statistics; backward runs the branch's layers
 * only when it was open, and otherwise zeroes their parameter gradients (a skipped branch gets no
 * gradient). A branch is the run of nodes the addition's second input depends on and its first
 * input does not; expansion places it contiguously, before the projection and the addition.
 */
final class StochasticDepthBranches {

    private record Branch(LayerContext add, int first, int last, Set<String> layers) {
    }

    private final List<Branch> branches = new ArrayList<>();

    StochasticDepthBranches(ModelGraph graph, List<LayerContext> layers) {
        for (Node node : graph.nodes()) {
            if (node.layer() instanceof AddSpec add && add.stochastic()) {
                Set<Integer> branch = ancestorsAndSelf(graph, node.inputs().get(1));
                branch.removeAll(ancestorsAndSelf(graph, node.inputs().get(0)));
                int first = branch.stream().mapToInt(Integer::intValue).min().orElseThrow();
                int last = branch.stream().mapToInt(Integer::intValue).max().orElseThrow();
                if (last - first + 1 != branch.size()) {
                    throw new IllegalStateException("the residual branch of " + add.name() + " is not contiguous: " + branch);
                }
                Set<String> names = new HashSet<>();
                branch.forEach(index -> names.add(graph.nodes().get(index).name()));
                branches.add(new Branch(layers.get(node.index()), first, last, names));
            }
        }
    }

    /** Draws the gate and opens {@code if (gate) {} before a branch's first layer. */
    void beforeTraining(int index, PlanBuilder plan) {
        for (Branch branch : branches) {
            if (branch.first() == index) {
                String gate = AddEmitter.gate(branch.add());
                plan.training(unit(branch) + ": stochastic depth, the residual branch runs with probability "
                        + IrLiterals.number(((AddSpec) branch.add().spec()).survival()), CodeBlock.builder()
                        .beginControlFlow("if (!randomness.frozen())")
                        .addStatement("$L = $T.survives($L.survival(), random)", gate, RESIDUAL_KERNEL, branch.add().specConstant())
                        .endControlFlow()
                        .add("if ($L) {\n$>", gate)
                        .build());
            }
        }
    }

    void afterTraining(int index, PlanBuilder plan) {
        for (Branch branch : branches) {
            if (branch.last() == index) {
                plan.training(unit(branch) + ": end of the residual branch", CodeBlock.of("$<}\n"));
            }
        }
    }

    /** Backward visits nodes last to first: the gate opens before the branch's last layer. */
    void beforeBackward(int index, PlanBuilder plan) {
        for (Branch branch : branches) {
            if (branch.last() == index) {
                plan.backward(unit(branch) + ": the residual branch, only if it ran",
                        CodeBlock.of("if ($L) {\n$>", AddEmitter.gate(branch.add())));
            }
        }
    }

    void afterBackward(int index, PlanBuilder plan) {
        for (Branch branch : branches) {
            if (branch.first() == index) {
                CodeBlock.Builder code = CodeBlock.builder().add("$<} else {\n$>");
                for (NetPlan.ParameterSlot parameter : plan.parameters) {
                    if (branch.layers().contains(parameter.layer())) {
                        code.addStatement("$L.assign(0)", parameter.gradientField());
                    }
                }
                plan.backward(unit(branch) + ": a skipped branch gets no gradient", code.add("$<}\n").build());
            }
        }
    }

    /** True when node {@code index} lies in a gated branch that does not contain {@code source}. */
    boolean gatesAwayFrom(int index, int source) {
        return branches.stream().anyMatch(b -> b.first() <= index && index <= b.last() && !(b.first() <= source && source <= b.last()));
    }

    private static String unit(Branch branch) {
        String name = branch.add().name();
        return name.endsWith("_add") ? name.substring(0, name.length() - "_add".length()) : name;
    }

    private static Set<Integer> ancestorsAndSelf(ModelGraph graph, int index) {
        Set<Integer> found = new HashSet<>();
        List<Integer> pending = new ArrayList<>(List.of(index));
        while (!pending.isEmpty()) {
            int current = pending.remove(pending.size() - 1);
            if (current != Node.MODEL_INPUT && found.add(current)) {
                pending.addAll(graph.nodes().get(current).inputs());
            }
        }
        return found;
    }
}
