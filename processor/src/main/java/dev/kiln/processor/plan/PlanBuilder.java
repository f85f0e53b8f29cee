package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.Shape;
import dev.kiln.processor.plan.NetPlan.BufferSlot;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.plan.NetPlan.SpecConstant;
import dev.kiln.processor.plan.NetPlan.StateSlot;
import dev.kiln.processor.plan.NetPlan.Step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what the emitters declare and emit, and notices when two layers would produce the same
 * identifier in generated code (reported as a duplicate layer rather than left to break javac).
 */
final class PlanBuilder {
    /**
     * Names every generated class uses (its members, the protected members of its runtime base class,
     * the locals of its constructor and passes) or once used; layer-derived names must not take them.
     */
    private static final Set<String> FIXED_MEMBERS = Set.of("GRAPH", "dataType", "inputCheck", "bufferCache", NetPlan.BUFFERS, "parameters",
            "random", "randomness", "lastTrainingOutput", "Buffers", "optimizer", "weightLayers", "stateBuffers", "Frozen", "trainingStep", "guard",
            LayerContext.LAYOUT);

    final List<SpecConstant> specs = new ArrayList<>();
    final List<ParameterSlot> parameters = new ArrayList<>();
    final List<BufferSlot> buffers = new ArrayList<>();
    final List<StateSlot> states = new ArrayList<>();
    final List<NetPlan.RecordSlot> records = new ArrayList<>();
    final List<NetPlan.FlagSlot> flags = new ArrayList<>();
    final List<Step> setup = new ArrayList<>();
    final List<Step> snapshotSetup = new ArrayList<>();
    final List<Step> inference = new ArrayList<>();
    final List<Step> snapshotInference = new ArrayList<>();
    final List<Step> training = new ArrayList<>();
    final List<Step> backward = new ArrayList<>();
    final List<NetPlan.WeightLayerSlot> weightLayers = new ArrayList<>();
    boolean usesRandomness;
    /** Whether some layer is in the convolution layout ({@link ConvolutionChains}), so the model needs its layout field. */
    boolean usesLayout;

    private final Map<String, String> owners = new HashMap<>();
    private final List<String[]> collisions = new ArrayList<>();
    private String currentLayer;
    private int currentDeclaringNode = NetPlan.MODEL;
    private boolean currentInLayout;
    private int currentStepNode = NetPlan.MODEL;

    /** Declarations that follow belong to {@code layer}; its 4-D buffers go in the convolution layout. */
    void startLayer(LayerContext layer) {
        currentLayer = layer.name();
        currentDeclaringNode = layer.index();
        currentInLayout = layer.inLayout();
    }

    /** Steps that follow are emitted for graph node {@code index}: its own code or the joins and copies around it. */
    void atNode(int index) {
        currentStepNode = index;
    }

    void specConstant(String name, Object type, CodeBlock initializer, String comment) {
        claim(name);
        specs.add(new SpecConstant(name, type, initializer, comment, currentDeclaringNode));
    }

    void parameter(ParameterSlot slot) {
        claim(slot.field());
        claim(slot.gradientField());
        parameters.add(slot.withNode(currentDeclaringNode));
    }

    /** Declares a public state buffer of the model, {@code layer.role} in {@code stateBuffers()}. */
    void state(String layer, String role, String field, CodeBlock initializer, String comment) {
        claim(field);
        states.add(new StateSlot(field, StateSlot.Kind.STATE, true, initializer, comment, layer, role, currentDeclaringNode));
    }

    /** Declares a model array that is written before it is read wherever it is used; {@code visible} ones are public. */
    void scratch(String field, boolean visible, CodeBlock initializer, String comment) {
        claim(field);
        states.add(new StateSlot(field, StateSlot.Kind.SCRATCH, visible, initializer, comment, null, null, currentDeclaringNode));
    }

    /** Declares a private model array that only training passes use, writing it before reading it. */
    void trainingScratch(String field, CodeBlock initializer, String comment) {
        claim(field);
        states.add(new StateSlot(field, StateSlot.Kind.TRAINING, false, initializer, comment, null, null, currentDeclaringNode));
    }

    /** Declares an array of the inference snapshot only, computed when the snapshot is taken. */
    void folded(String field, CodeBlock initializer, String comment) {
        claim(field);
        states.add(new StateSlot(field, StateSlot.Kind.FOLDED, false, initializer, comment, null, null, currentDeclaringNode));
    }

    /**
     * Declares a layer's record of kernel arguments, a private field of the model built by
     * {@code initializer} and of the inference snapshot built by {@code snapshotInitializer}; either
     * may be null (not in that class). See {@link NetPlan.RecordSlot}.
     */
    void layerRecord(String field, Object type, CodeBlock initializer, CodeBlock snapshotInitializer, String comment) {
        claim(field);
        records.add(new NetPlan.RecordSlot(field, type, initializer, snapshotInitializer, comment, currentDeclaringNode));
    }

    /**
     * Declares a layer's record of its per-batch buffers, a field of the buffers built by
     * {@code initializer} from buffers declared before it; returns the expression that names it.
     */
    String bufferRecord(String field, Object type, CodeBlock initializer, String comment) {
        // The layer's record of its kernel arguments may have the same name: it is a field of the model, this one of the buffers.
        if (!currentLayer.equals(owners.get(field))) {
            claim(field);
        }
        buffers.add(new BufferSlot(field, comment, initializer, currentDeclaringNode, type));
        return NetPlan.BUFFERS + "." + field;
    }

    /** Declares a public boolean of the model, initially true, and the training pass's local copy (stochastic depth's gates). */
    void flag(String field, String local, String comment) {
        claim(field);
        claim(local);
        flags.add(new NetPlan.FlagSlot(field, local, comment, currentDeclaringNode));
    }

    /** A constructor statement run after every parameter is drawn. */
    void setup(String comment, CodeBlock code) {
        setup.add(new Step(comment, code, currentStepNode));
    }

    /** Statements the inference snapshot runs once, when it is taken, after copying the parameters (folding). */
    void snapshotSetup(String comment, CodeBlock code) {
        snapshotSetup.add(new Step(comment, code, currentStepNode));
    }

    /**
     * Declares a per-batch buffer and returns the expression that names it in generated methods. A
     * 4-D buffer of a layer in the convolution layout is created in that layout.
     */
    String buffer(String field, Shape shape, String comment) {
        CodeBlock initializer;
        if (currentInLayout && shape.rank() == 3) {
            initializer = CodeBlock.of("$L.create(dataType, n, $L)", LayerContext.LAYOUT, dims(shape));
        } else {
            initializer = CodeBlock.of("$T.create(dataType, n$L)", RuntimeTypes.ND4J, shape.rank() == 0 ? "" : ", " + dims(shape));
        }
        return buffer(field, comment, initializer);
    }

    /**
     * Declares the buffer that holds {@code source} (a buffer declared before it) converted for the
     * other side of a chain's boundary, by {@code FeatureLayout.entryBuffer} (into the layout) or
     * {@code exitBuffer} (out of it): the source itself where no copy is needed.
     */
    String conversionBuffer(String field, String source, boolean intoLayout, String comment) {
        return buffer(field, comment, CodeBlock.of("$L.$L($L)", LayerContext.LAYOUT, intoLayout ? "entryBuffer" : "exitBuffer",
                source));
    }

    private String buffer(String field, String comment, CodeBlock initializer) {
        claim(field);
        buffers.add(new BufferSlot(field, comment, initializer, currentDeclaringNode, RuntimeTypes.INDARRAY));
        return NetPlan.BUFFERS + "." + field;
    }

    private static String dims(Shape shape) {
        return Names.arguments(Arrays.stream(shape.dims()).asLongStream().toArray());
    }

    /** A step of both inference passes, the model's {@code forward} and the snapshot's. */
    void inference(String comment, CodeBlock code) {
        inference.add(new Step(comment, code, currentStepNode));
        snapshotInference.add(new Step(comment, code, currentStepNode));
    }

    /** A step of the model's own {@code forward} only (a layer the snapshot folds). */
    void modelInference(String comment, CodeBlock code) {
        inference.add(new Step(comment, code, currentStepNode));
    }

    /** A step of the snapshot's {@code forward} only (a folded layer). */
    void snapshotInference(String comment, CodeBlock code) {
        snapshotInference.add(new Step(comment, code, currentStepNode));
    }

    /**
     * Marks the inference step just emitted as the one that computes a weight layer's
     * pre-activation {@code preActivation}; call right after that layer's {@link #inference}.
     */
    void weightLayer(String layer, CodeBlock entry, String preActivation) {
        weightLayers.add(new NetPlan.WeightLayerSlot(layer, entry, preActivation, inference.size(), currentStepNode));
    }

    void training(String comment, CodeBlock code) {
        training.add(new Step(comment, code, currentStepNode));
    }

    void backward(String comment, CodeBlock code) {
        backward.add(new Step(comment, code, currentStepNode));
    }

    /** True for the members every generated class has, which no layer-derived name may take. */
    static boolean isFixedMember(String name) {
        return FIXED_MEMBERS.contains(name);
    }

    /** Pairs of layers whose generated identifiers collide, as {@code [identifier, first, second]}. */
    List<String[]> collisions() {
        return collisions;
    }

    private void claim(String identifier) {
        if (FIXED_MEMBERS.contains(identifier)) {
            collisions.add(new String[] {identifier, "the generated class itself", currentLayer});
            return;
        }
        String previous = owners.putIfAbsent(identifier, currentLayer);
        if (previous != null) {
            collisions.add(new String[] {identifier, previous, currentLayer});
        }
    }
}
