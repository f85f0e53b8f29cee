package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.processor.ClassFileLimits;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Message;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.plan.NetPlan.Step;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.ModelPart;
import dev.kiln.processor.read.ReadModel;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a planned model costs its generated classes against the limits of one JVM class that
 * splitting methods cannot lift ({@link ClassFileLimits}): the constant pool of the net class and
 * of its buffers class (three entries per field referenced, two per distinct string or long constant), and
 * the net's constructor, which must assign every final field itself (9 or 10 bytes each, from the
 * array its section's draw method returns). Estimates are upper bounds. A model over a limit is
 * reported (KILN-E030) at the {@code repeat} of the stage that contributes most, with how many of
 * its units fit, or at the model when it has no stage.
 */
final class ClassBudget {
    /** Members every net class has, the runtime's classes and methods it refers to: a generous allowance. */
    private static final int FIXED_ENTRIES = 1_000;
    /** Bytes of the constructor that do not grow with the model. */
    private static final int FIXED_CONSTRUCTOR = 600;
    /** {@code fc1W = drawn[17]}: aload_0, aload, bipush or sipush, aaload, putfield. */
    private static final int FIELD_ASSIGNMENT = 10;
    /** A qualified type name as a code block renders it, its package to drop: {@code dev.kiln.runtime.kernels.}. */
    private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])");
    /** What costs bytecode in a record's initializer: a construction, a factory call, a call on a spec, null, a field or a constant. */
    private static final Pattern RECORD_PART = Pattern.compile("new [A-Z]\\w*\\(|\\.of\\(|\\.\\w+\\(\\)|\\bnull\\b|\\b[a-z]\\w*\\b|\\b[A-Z][A-Z0-9_]*\\b");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    /** Section methods a net class calls per section (draw, setup, lists, passes, folding, the specs' graph). */
    private static final int METHODS_PER_SECTION = 11;

    private final NetPlan plan;
    private final int nodes;
    /** Constant-pool entries of the net class, per node. */
    private final long[] netEntries;
    /** Constant-pool entries of the buffers class, per node. */
    private final long[] bufferEntries;
    /** Constructor bytes, per node. */
    private final long[] constructorBytes;
    /** Constant-pool entries of the inference snapshot's class, per node. */
    private final long[] snapshotEntries;
    /** The snapshot's constructor bytes, per node. */
    private final long[] snapshotConstructorBytes;

    private ClassBudget(NetPlan plan, int nodes) {
        this.plan = plan;
        this.nodes = nodes;
        netEntries = new long[nodes];
        bufferEntries = new long[nodes];
        constructorBytes = new long[nodes];
        snapshotEntries = new long[nodes];
        snapshotConstructorBytes = new long[nodes];
        Set<String> strings = new HashSet<>();
        for (ParameterSlot parameter : plan.parameters()) {
            // value and gradient fields, the seed's name; the layer's name in the parameter and weight-layer lists
            add(netEntries, parameter.node(), 2 * 3 + 2);
            if (strings.add(parameter.layer())) {
                add(netEntries, parameter.node(), 2);
            }
            add(constructorBytes, parameter.node(), 2 * FIELD_ASSIGNMENT);
            add(snapshotEntries, parameter.node(), 3);
            add(snapshotConstructorBytes, parameter.node(), FIELD_ASSIGNMENT);
        }
        for (NetPlan.StateSlot state : plan.states()) {
            if (state.kind() != NetPlan.StateSlot.Kind.FOLDED) {
                add(netEntries, state.node(), 3);
                add(constructorBytes, state.node(), FIELD_ASSIGNMENT);
            }
            if (state.kind() == NetPlan.StateSlot.Kind.STATE) {
                // its layer and role in the state-buffer list
                for (String name : List.of(state.layer(), state.role())) {
                    if (strings.add(name)) {
                        add(netEntries, state.node(), 2);
                    }
                }
            }
            if (state.kind() != NetPlan.StateSlot.Kind.TRAINING) {
                add(snapshotEntries, state.node(), 3);
                add(snapshotConstructorBytes, state.node(), FIELD_ASSIGNMENT);
            }
        }
        addStrings(netEntries, strings, plan.setup(), plan.inference(), plan.training(), plan.backward());
        addStrings(snapshotEntries, new HashSet<>(), plan.snapshotSetup(), plan.snapshotInference());
        for (NetPlan.RecordSlot record : plan.records()) {
            // the field, and its type's class and constructor
            if (record.initializer() != null) {
                add(netEntries, record.node(), 3 + 4);
                add(constructorBytes, record.node(), recordBytes(record.initializer()));
            }
            if (record.snapshotInitializer() != null) {
                add(snapshotEntries, record.node(), 3 + 4);
                add(snapshotConstructorBytes, record.node(), recordBytes(record.snapshotInitializer()));
            }
        }
        for (NetPlan.FlagSlot flag : plan.flags()) {
            // the public gate, and in a split model the pass's copy, a field too
            add(netEntries, flag.node(), 2 * 3);
            add(constructorBytes, flag.node(), 5);
        }
        for (NetPlan.SpecConstant spec : plan.specs()) {
            add(netEntries, spec.node(), 3);
            add(snapshotEntries, spec.node(), 3);
        }
        for (NetPlan.BufferSlot buffer : plan.buffers()) {
            add(netEntries, buffer.node(), 3);
            add(bufferEntries, buffer.node(), 3);
            add(snapshotEntries, buffer.node(), 3);
        }
    }

    /**
     * The bytes of {@code field = initializer} for a layer's record ({@code bn1 = new BatchNormLayer(new NormAffine(bn1Gamma,
     * ...), ...)}), an upper bound: aload_0 and putfield; new, dup and invokespecial per construction; invokestatic per
     * factory; aload_0 and getfield per field read; getstatic per constant; invokevirtual per call; aconst_null.
     */
    static long recordBytes(CodeBlock initializer) {
        Matcher part = RECORD_PART.matcher(PACKAGE.matcher(initializer.toString()).replaceAll(""));
        long bytes = 4;
        while (part.find()) {
            String text = part.group();
            bytes += text.startsWith("new ") ? 7 : text.equals(".of(") ? 3 : text.startsWith(".") ? 3 : text.equals("null") ? 1
                    : Character.isLowerCase(text.charAt(0)) ? 4 : 3;
        }
        return bytes;
    }

    /** Two entries for each string literal of the steps not counted before. */
    @SafeVarargs
    private static void addStrings(long[] perNode, Set<String> counted, List<Step>... passes) {
        for (List<Step> pass : passes) {
            for (Step step : pass) {
                Matcher literal = STRING.matcher(step.source());
                while (literal.find()) {
                    if (counted.add(literal.group())) {
                        add(perNode, step.node(), 2);
                    }
                }
            }
        }
    }

    private static void add(long[] perNode, int node, long amount) {
        if (node >= 0) {
            perNode[node] += amount;
        }
    }

    /** @return true after reporting a model over a limit */
    static boolean reportOverflow(NetPlan plan, ReadModel model, NodeCosts costs, Diagnostics diagnostics) {
        return new ClassBudget(plan, model.layers().size()).report(model, costs, diagnostics);
    }

    private boolean report(ReadModel model, NodeCosts costs, Diagnostics diagnostics) {
        long longs = 2L * distinctDimensions();
        long sectionMethods = 3L * METHODS_PER_SECTION * plan.sections().size();
        if (check(model, diagnostics, netEntries, FIXED_ENTRIES + longs + sectionMethods, ClassFileLimits.CONSTANT_POOL,
                "constant-pool entries in " + plan.className(), "class")) {
            return true;
        }
        if (check(model, diagnostics, bufferEntries, FIXED_ENTRIES + longs + sectionMethods, ClassFileLimits.CONSTANT_POOL,
                "constant-pool entries in " + plan.className() + ".Buffers", "class")) {
            return true;
        }
        if (check(model, diagnostics, constructorBytes, FIXED_CONSTRUCTOR + 30L * plan.sections().size(), ClassFileLimits.METHOD_CODE,
                "bytes of code in the constructor of " + plan.className() + ", which assigns every parameter, gradient and state field",
                "method")) {
            return true;
        }
        if (check(model, diagnostics, snapshotEntries, FIXED_ENTRIES + longs + sectionMethods, ClassFileLimits.CONSTANT_POOL,
                "constant-pool entries in " + plan.className() + ".Frozen, the inference snapshot", "class")) {
            return true;
        }
        if (check(model, diagnostics, snapshotConstructorBytes, FIXED_CONSTRUCTOR + 30L * plan.sections().size(),
                ClassFileLimits.METHOD_CODE, "bytes of code in the constructor of the inference snapshot " + plan.className()
                        + ".Frozen, which assigns every copy of a parameter or state array", "method")) {
            return true;
        }
        return reportOversizedSection(model, costs, diagnostics);
    }

    /** Reports the stage or model whose share takes {@code perNode} plus {@code fixed} over {@code limit}. */
    private boolean check(ReadModel model, Diagnostics diagnostics, long[] perNode, long fixed, long limit, String what, String holder) {
        long total = fixed;
        for (long amount : perNode) {
            total += amount;
        }
        if (total <= limit) {
            return false;
        }
        ModelPart largest = null;
        long largestShare = -1;
        for (ModelPart part : model.parts()) {
            long share = sum(perNode, part.first(), part.end());
            if (part.isStage() && share > largestShare) {
                largest = part;
                largestShare = share;
            }
        }
        String detail = String.format(Locale.ROOT, "its %,d layers need about %,d %s, more than the %,d a JVM %s allows",
                nodes, total, what, limit, holder);
        if (largest == null) {
            diagnostics.report(Message.MODEL_TOO_LARGE, AnnotationSites.annotation(model.type(), model.modelAnnotation()),
                    "declare fewer layers, or split the network into several models", model.name(), detail);
            return true;
        }
        long fits = (long) Math.floor((double) (limit - (total - largestShare)) * largest.units() / largestShare);
        String hint = fits >= 1
                ? String.format(Locale.ROOT, "about %,d units of '%s' fit; use fewer, or split the network into several models", fits, largest.name())
                : "declare fewer layers, or split the network into several models";
        diagnostics.report(Message.MODEL_TOO_LARGE, AnnotationSites.attribute(largest.field(), largest.annotation(), "repeat"), hint,
                model.name(), detail + String.format(Locale.ROOT, "; '%s' (%,d units) takes %,d of them", largest.name(), largest.units(),
                        largestShare));
        return true;
    }

    /** A section that could not be split (a unit with stochastic depth) and whose code would not fit one method. */
    private boolean reportOversizedSection(ReadModel model, NodeCosts costs, Diagnostics diagnostics) {
        if (!plan.isSplit()) {
            return false;
        }
        for (Section section : plan.sections()) {
            for (NodeCosts.Code code : NodeCosts.Code.values()) {
                long bytes = costs.of(code, section.first(), section.end());
                if (bytes > ClassFileLimits.METHOD_CODE) {
                    ModelPart part = model.parts().stream().filter(p -> p.first() <= section.first() && section.end() <= p.end())
                            .findFirst().orElseThrow();
                    diagnostics.report(Message.MODEL_TOO_LARGE, AnnotationSites.annotation(part.field(), part.annotation()),
                            "declare fewer layers in the block, or give up stochastic depth on it", model.name(),
                            String.format(Locale.ROOT, "%s is one unit with stochastic depth, whose code is not split, and the "
                                    + "code for %s alone is about %,d bytes, more than the %,d of one JVM method", section.label(),
                                    code.description(), bytes, ClassFileLimits.METHOD_CODE));
                    return true;
                }
            }
        }
        return false;
    }

    private int distinctDimensions() {
        Set<Long> dims = new HashSet<>();
        for (ParameterSlot parameter : plan.parameters()) {
            for (long dim : parameter.shape()) {
                dims.add(dim);
            }
        }
        return dims.size();
    }

    private static long sum(long[] perNode, int first, int end) {
        long sum = 0;
        for (int i = first; i < end; i++) {
            sum += perNode[i];
        }
        return sum;
    }
}
