package dev.kiln.processor.plan;

import dev.kiln.processor.plan.NetPlan.BufferSlot;
import dev.kiln.processor.plan.NetPlan.GraphNode;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.SpecConstant;
import dev.kiln.processor.plan.NetPlan.StateSlot;
import dev.kiln.processor.plan.NetPlan.Step;
import dev.kiln.processor.plan.NetPlan.WeightLayerSlot;

import java.util.List;

/**
 * How many bytes of code ({@link CodeSize}, an upper estimate) each graph node adds to each
 * generated method, summed over ranges of nodes in constant time: what decides whether a model's
 * code must be split and where ({@link Sectioning}).
 */
final class NodeCosts {
    /** The generated code that grows with the model, one kind per method of a section in a split model. */
    enum Code {
        SPECS("its spec constants"),
        GRAPH("adding its layers to GRAPH"),
        DRAW("drawing its parameters and state arrays"),
        SETUP("its setup after drawing (weight norm's g = ||v||)"),
        LISTS("its parameter, state-buffer and weight-layer lists"),
        ALLOCATE("creating its buffers"),
        /** With layer-wise pre-activation's early returns. */
        INFERENCE("its inference"),
        TRAINING("its training forward"),
        BACKWARD("its backward pass"),
        /** The inference snapshot's copies of parameters and state, and its folded arrays. */
        SNAPSHOT_COPY("the inference snapshot's copies of its arrays"),
        /** The snapshot's folding, once when it is taken. */
        SNAPSHOT_SETUP("folding batch norm into the layer before it in the inference snapshot"),
        SNAPSHOT_INFERENCE("the inference snapshot's forward pass");

        private final String description;

        Code(String description) {
            this.description = description;
        }

        /** What the code does, for messages: "its backward pass". */
        String description() {
            return description;
        }
    }

    /**
     * An unsplit method above this many estimated bytes splits the model; about half of it is
     * real bytecode, well under the JVM's 65,535.
     */
    static final long SPLIT_ABOVE = 48_000;
    /**
     * Estimated bytes per method of a section: about 8 KB of bytecode, which HotSpot still
     * compiles (it leaves methods above 8,000 bytes interpreted).
     */
    static final long SECTION_BUDGET = 16_000;

    private static final int TOKEN = CodeSize.BYTES_PER_TOKEN;

    private final long[][] prefix;

    private NodeCosts(long[][] perNode) {
        prefix = new long[perNode.length][];
        for (int kind = 0; kind < perNode.length; kind++) {
            long[] sums = new long[perNode[kind].length + 1];
            for (int i = 0; i < perNode[kind].length; i++) {
                sums[i + 1] = sums[i] + perNode[kind][i];
            }
            prefix[kind] = sums;
        }
    }

    static NodeCosts of(NetPlan plan, int nodes) {
        long[][] bytes = new long[Code.values().length][nodes];
        for (SpecConstant spec : plan.specs()) {
            add(bytes, Code.SPECS, spec.node(), CodeSize.bytes(spec.initializer()) + 2 * TOKEN);
        }
        for (GraphNode node : plan.graph().nodes()) {
            add(bytes, Code.GRAPH, node.node(), (4 + node.inputs().size()) * TOKEN);
        }
        for (ParameterSlot parameter : plan.parameters()) {
            // Initializers.create(init, new long[] {dims}, dataType, seeds.forParameter("name")) and Nd4j.zeros(dataType, dims)
            add(bytes, Code.DRAW, parameter.node(), CodeSize.bytes(parameter.initializer()) + (20 + 2L * parameter.shape().length) * TOKEN);
            add(bytes, Code.LISTS, parameter.node(), 12 * TOKEN);
            add(bytes, Code.SNAPSHOT_COPY, parameter.node(), 8 * TOKEN);
        }
        for (StateSlot state : plan.states()) {
            long initializer = CodeSize.bytes(state.initializer()) + 4 * TOKEN;
            long copy = 8 * TOKEN; // drawn[k] = model.bnRunningMean.dup()
            switch (state.kind()) {
                case STATE -> {
                    add(bytes, Code.DRAW, state.node(), initializer);
                    add(bytes, Code.SNAPSHOT_COPY, state.node(), copy);
                    add(bytes, Code.LISTS, state.node(), 10 * TOKEN);
                }
                case SCRATCH -> {
                    add(bytes, Code.DRAW, state.node(), initializer);
                    add(bytes, Code.SNAPSHOT_COPY, state.node(), initializer);
                }
                case TRAINING -> add(bytes, Code.DRAW, state.node(), initializer);
                case FOLDED -> add(bytes, Code.SNAPSHOT_COPY, state.node(), initializer);
            }
        }
        for (WeightLayerSlot layer : plan.weightLayers()) {
            add(bytes, Code.LISTS, layer.node(), 8 * TOKEN);
            add(bytes, Code.INFERENCE, layer.node(), 6 * TOKEN);
        }
        for (BufferSlot buffer : plan.buffers()) {
            add(bytes, Code.ALLOCATE, buffer.node(), CodeSize.bytes(buffer.initializer()) + 2 * TOKEN);
        }
        addSteps(bytes, Code.SETUP, plan.setup());
        addSteps(bytes, Code.INFERENCE, plan.inference());
        addSteps(bytes, Code.TRAINING, plan.training());
        addSteps(bytes, Code.BACKWARD, plan.backward());
        addSteps(bytes, Code.SNAPSHOT_SETUP, plan.snapshotSetup());
        addSteps(bytes, Code.SNAPSHOT_INFERENCE, plan.snapshotInference());
        return new NodeCosts(bytes);
    }

    private static void addSteps(long[][] bytes, Code code, List<Step> steps) {
        for (Step step : steps) {
            add(bytes, code, step.node(), CodeSize.bytes(step.source()));
        }
    }

    private static void add(long[][] bytes, Code code, int node, long amount) {
        // Model-wide slots and steps stay in the unsplit methods; they count against no section.
        if (node >= 0) {
            bytes[code.ordinal()][node] += amount;
        }
    }

    /** Estimated bytes nodes {@code [first, end)} add to the code of {@code code}. */
    long of(Code code, int first, int end) {
        return prefix[code.ordinal()][end] - prefix[code.ordinal()][first];
    }

    /** True when every method of code for nodes {@code [first, end)} fits one section's budget. */
    boolean fitsSection(int first, int end) {
        for (Code code : Code.values()) {
            if (of(code, first, end) > SECTION_BUDGET) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the whole model's code fits unsplit methods: the class initializer (specs and
     * graph), the constructor (parameters, setup, lists), forward, computeGradients (training and
     * backward), the buffers' constructor, and the inference snapshot's constructor and forward.
     */
    boolean fitsUnsplit(int nodes) {
        return total(nodes, Code.SPECS, Code.GRAPH) <= SPLIT_ABOVE
                && total(nodes, Code.DRAW, Code.SETUP, Code.LISTS) <= SPLIT_ABOVE
                && total(nodes, Code.INFERENCE) <= SPLIT_ABOVE
                && total(nodes, Code.TRAINING, Code.BACKWARD) <= SPLIT_ABOVE
                && total(nodes, Code.ALLOCATE) <= SPLIT_ABOVE
                && total(nodes, Code.SNAPSHOT_COPY, Code.SNAPSHOT_SETUP) <= SPLIT_ABOVE
                && total(nodes, Code.SNAPSHOT_INFERENCE) <= SPLIT_ABOVE;
    }

    private long total(int nodes, Code... codes) {
        long sum = 0;
        for (Code code : codes) {
            sum += of(code, 0, nodes);
        }
        return sum;
    }
}
