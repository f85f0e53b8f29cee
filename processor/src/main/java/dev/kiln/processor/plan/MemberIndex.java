package dev.kiln.processor.plan;

import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.processor.plan.NetPlan.BufferSlot;
import dev.kiln.processor.plan.NetPlan.FlagSlot;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.SpecConstant;
import dev.kiln.processor.plan.NetPlan.StateSlot;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which graph node each name in a plan's generated code belongs to: fields (parameters, their
 * gradients, state), per-batch buffers, spec constants and layer names; and the names no block
 * method may use (stochastic-depth gates). {@link UnitCode} asks it name by name.
 */
final class MemberIndex {
    private final ModelGraph graph;
    private final Map<String, Integer> fields = new HashMap<>();
    private final Map<String, Object> fieldTypes = new HashMap<>();
    private final Map<String, Integer> buffers = new HashMap<>();
    private final Map<String, Object> bufferTypes = new HashMap<>();
    private final Map<String, Integer> constants = new HashMap<>();
    private final Map<String, Object> constantTypes = new HashMap<>();
    private final Map<String, Integer> nodes = new HashMap<>();
    private final Set<String> gates = new HashSet<>();
    /** Every member name of the generated class, so that a unit's field takes none of them. */
    private final Set<String> taken = new HashSet<>();

    /** The members of the generated model. */
    MemberIndex(ModelGraph graph, NetPlan plan) {
        this(graph, plan, false);
    }

    /**
     * The members of the model, or with {@code snapshot} of its inference snapshot: the copies of the
     * parameters (no gradients), the state, scratch and folded arrays (no training statistics).
     */
    MemberIndex(ModelGraph graph, NetPlan plan, boolean snapshot) {
        this.graph = graph;
        for (ParameterSlot parameter : plan.parameters()) {
            fields.put(parameter.field(), parameter.node());
            if (!snapshot) {
                fields.put(parameter.gradientField(), parameter.node());
            }
        }
        for (StateSlot state : plan.states()) {
            boolean held = snapshot ? state.kind() != StateSlot.Kind.TRAINING : state.kind() != StateSlot.Kind.FOLDED;
            if (held) {
                fields.put(state.field(), state.node());
            }
        }
        for (NetPlan.RecordSlot record : plan.records()) {
            if ((snapshot ? record.snapshotInitializer() : record.initializer()) != null) {
                fields.put(record.field(), record.node());
                fieldTypes.put(record.field(), record.type());
            }
        }
        for (BufferSlot buffer : plan.buffers()) {
            buffers.put(buffer.field(), buffer.node());
            bufferTypes.put(buffer.field(), buffer.type());
        }
        for (SpecConstant spec : plan.specs()) {
            constants.put(spec.name(), spec.node());
            constantTypes.put(spec.name(), spec.type());
        }
        for (FlagSlot flag : plan.flags()) {
            gates.add(flag.field());
            gates.add(flag.local());
        }
        for (Node node : graph.nodes()) {
            nodes.put(node.name(), node.index());
        }
        taken.addAll(fields.keySet());
        taken.addAll(buffers.keySet());
        taken.addAll(constants.keySet());
        taken.addAll(gates);
    }

    ModelGraph graph() {
        return graph;
    }

    Integer fieldOwner(String name) {
        return fields.get(name);
    }

    /** The type of the model's field {@code name}: INDArray, or a layer record's type. */
    Object fieldType(String name) {
        return fieldTypes.getOrDefault(name, RuntimeTypes.INDARRAY);
    }

    /** The type of the buffers' field {@code name}: INDArray, or a layer's buffer record's type. */
    Object bufferType(String name) {
        return bufferTypes.get(name);
    }

    Integer bufferOwner(String name) {
        return buffers.get(name);
    }

    Integer constantOwner(String name) {
        return constants.get(name);
    }

    Object constantType(String name) {
        return constantTypes.get(name);
    }

    String nodeName(int node) {
        return graph.nodes().get(node).name();
    }

    /** The node of the layer named {@code name}, or null. */
    Integer nodeOf(String name) {
        return nodes.get(name);
    }

    boolean isGate(String name) {
        return gates.contains(name);
    }

    /** True when the generated class already has a member named {@code name}. */
    boolean isTaken(String name) {
        return taken.contains(name) || PlanBuilder.isFixedMember(name);
    }
}
