package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.TrainingSpec;

import java.util.List;

/**
 * Step 3's result, everything the writer needs and nothing it must decide: which kernels run in
 * which order, in both modes, and the slots (parameters, gradients, buffers) they read and write.
 * {@code modelName} is the model as source in its package names it ({@code Outer.Inner} for a
 * nested model); {@code usesLayout}: some layers keep their arrays in the convolution layout chosen
 * at run time.
 *
 * <p>Two inference passes: {@code inference}, the model's exact {@code forward} (batch norm from its
 * running statistics), and {@code snapshotInference}, the {@code forward} of the inference snapshot
 * {@code freezeForInference()} returns, where batch norm is folded into the Dense or Conv2d layer
 * before it. {@code snapshotSetup} runs once in the snapshot's constructor (the folds, weight norm's W).
 *
 * <p>Every slot and step records the graph node it belongs to ({@link #MODEL}: the model as a
 * whole), so that the writer can split the code of a large model into {@code sections} along its
 * structure; a model whose code fits the JVM's limits as it is has one section.
 *
 * <p>{@code blocks} are the methods the model's passes call per unit of a user block class;
 * {@code snapshotBlocks} those of the inference snapshot's {@code forward}, which reads the
 * snapshot's own (folded) arrays through unit objects of its own and the model's unit buffers.
 */
public record NetPlan(String packageName, String modelName, String className, String modelLocation,
                      Graph graph, List<SpecConstant> specs, List<ParameterSlot> parameters,
                      List<StateSlot> states, List<RecordSlot> records, List<Step> setup, List<Step> snapshotSetup,
                      List<BufferSlot> buffers, List<Step> inference, List<Step> snapshotInference,
                      List<Step> training, Step loss,
                      List<Step> backward, String inferenceOutput, String trainingOutput,
                      boolean usesRandomness, TrainingSpec declaredTraining, List<WeightLayerSlot> weightLayers,
                      List<FlagSlot> flags, boolean usesLayout, List<Section> sections, List<Block> blocks,
                      List<Block> snapshotBlocks) {

    /** The node of a slot or step that belongs to no layer. */
    public static final int MODEL = -1;

    /**
     * The local of the generated passes that holds the per-batch {@code Buffers}, as steps name it
     * ({@code buffers.fc1Out}); a block method's parameter of the same name ({@link Block#BUFFERS})
     * holds its unit's own buffers instead.
     */
    public static final String BUFFERS = "buffers";

    /** The same plan with its code split into {@code newSections} (one: not split). */
    NetPlan withSections(List<Section> newSections) {
        return new NetPlan(packageName, modelName, className, modelLocation, graph, specs, parameters, states, records, setup, snapshotSetup,
                buffers, inference, snapshotInference, training, loss, backward, inferenceOutput, trainingOutput, usesRandomness,
                declaredTraining, weightLayers, flags, usesLayout, newSections, blocks, snapshotBlocks);
    }

    /**
     * The same plan whose units of block classes run through the methods of {@code newBlocks} in the
     * model and of {@code newSnapshotBlocks} in its inference snapshot.
     */
    NetPlan withBlocks(List<Block> newBlocks, List<Block> newSnapshotBlocks) {
        return new NetPlan(packageName, modelName, className, modelLocation, graph, specs, parameters, states, records, setup, snapshotSetup,
                buffers, inference, snapshotInference, training, loss, backward, inferenceOutput, trainingOutput, usesRandomness,
                declaredTraining, weightLayers, flags, usesLayout, sections, newBlocks, newSnapshotBlocks);
    }

    /** True when the generated code is split into one method per section and pass. */
    public boolean isSplit() {
        return sections.size() > 1;
    }

    /**
     * The GRAPH constant: the arguments that name the model, its input shape and loss
     * ({@code "FashionMlp", Shape.of(784), Loss.SOFTMAX_CROSS_ENTROPY}), and its nodes.
     */
    public record Graph(CodeBlock arguments, List<GraphNode> nodes) {

        /** True when every layer reads the one before it. */
        public boolean isChain() {
            return nodes.stream().allMatch(node -> node.inputs().isEmpty());
        }
    }

    /**
     * A node of the GRAPH constant: its spec constant and, where it does not just read the node
     * before it, the names of the layers it reads ({@code ModelGraph.Builder.INPUT} for the model input).
     */
    public record GraphNode(int node, String specConstant, List<String> inputs) {
    }

    /**
     * A run of consecutive graph nodes {@code [first, end)} whose code goes into methods of its own in
     * a split model: one plain layer range, or units of one block stage. {@code label} says what it
     * covers in comments ({@code "layer3, units 0 to 5 (ResNet50.java:22)"}); {@code name} is the
     * identifier part of its methods ({@code inferenceLayer3Units0To5}).
     */
    public record Section(String label, String name, int first, int end) {
    }

    /** {@code static final DenseSpec FC1 = ...}: a layer's IR, shared by the graph and the kernels. */
    /** {@code type} is a {@link Class} or a JavaPoet {@code TypeName} (for runtime types the processor cannot load). */
    public record SpecConstant(String name, Object type, CodeBlock initializer, String comment, int node) {
    }

    /** A trainable parameter and its gradient, both fields of the generated class. */
    public record ParameterSlot(String layer, String role, String kind, String field, String gradientField,
                                long[] shape, CodeBlock initializer, String comment, int node) {

        /** A parameter as an emitter declares it; the plan records its node. */
        public ParameterSlot(String layer, String role, String kind, String field, String gradientField, long[] shape,
                             CodeBlock initializer, String comment) {
            this(layer, role, kind, field, gradientField, shape, initializer, comment, MODEL);
        }

        ParameterSlot withNode(int index) {
            return new ParameterSlot(layer, role, kind, field, gradientField, shape, initializer, comment, index);
        }
    }

    /**
     * A model array that is not trained. {@code layer} and {@code role} name a {@link Kind#STATE} array in
     * {@code stateBuffers()} ({@code bn1.runningMean}); they are null for the other kinds.
     */
    public record StateSlot(String field, Kind kind, boolean visible, CodeBlock initializer, String comment, String layer,
                            String role, int node) {

        public enum Kind {
            /** Model state besides the parameters (running statistics): listed by {@code stateBuffers()}, copied into snapshots. */
            STATE,
            /** Written before it is read wherever it is used (weight norm's W): in the model and in snapshots. */
            SCRATCH,
            /** Written before it is read by training passes only (batch statistics): in the model only. */
            TRAINING,
            /** A snapshot's folded weights, computed once when it is taken: in snapshots only. */
            FOLDED
        }
    }

    /**
     * A layer's record of kernel arguments ({@code BatchNormLayer bn1}, {@code Conv2dLayer conv1}): a
     * private final field of {@code type} that holds the layer's arrays (the same objects as its
     * fields) and constants, built once from them: in the model's constructor by {@code initializer}
     * after every array is assigned, and in the inference snapshot's from the snapshot's copies by
     * {@code snapshotInitializer}. Either is null where that class has no such record (the snapshot's
     * folded layers are the snapshot's only).
     */
    public record RecordSlot(String field, Object type, CodeBlock initializer, CodeBlock snapshotInitializer, String comment,
                             int node) {
    }

    /**
     * A stochastic-depth gate: a public boolean field of the model, initially true, that frozen training passes
     * use; every pass copies it into its own local variable {@code local} and, unless frozen, draws that instead,
     * so a pass never changes the field.
     */
    public record FlagSlot(String field, String local, String comment, int node) {
    }

    /**
     * A per-batch buffer and the expression that creates it in the buffers' constructor, which has
     * {@code n} (the batch size), {@code dataType} and, in a model with convolution chains,
     * {@code layout} at hand. {@code type} is INDArray, or for a layer's record of its buffers
     * ({@code BatchNormBuffers bn1}) the record's type, built from buffers declared before it.
     */
    public record BufferSlot(String field, String comment, CodeBlock initializer, int node, Object type) {
    }

    /**
     * A layer with a weight, for the generated {@code Layerwise} methods: the expression that
     * builds its {@code WeightLayer} from its parameter fields, the buffer expression holding its
     * pre-activation, and how many inference steps produce it.
     */
    public record WeightLayerSlot(String layer, CodeBlock entry, String preActivation,
                                  int inferenceSteps, int node) {
    }

    /**
     * One or more statements under one comment (layer name, location, shapes), emitted for graph node
     * {@code node}; {@code source} is the code as text, rendered once, to measure it and find the
     * names it uses.
     */
    public record Step(String comment, CodeBlock code, int node, String source) {

        public Step(String comment, CodeBlock code, int node) {
            this(comment, code, node, CodeSize.source(code));
        }

        /** A step of the model as a whole (the loss). */
        public Step(String comment, CodeBlock code) {
            this(comment, code, MODEL);
        }
    }

    /** The passes a block method can stand for, as {@code Block.passes} name them. */
    public enum Pass {
        INFERENCE("Inference", "the inference forward"),
        TRAINING("Training", "the training forward"),
        BACKWARD("Backward", "the backward pass");

        private final String suffix;
        private final String what;

        Pass(String suffix, String what) {
            this.suffix = suffix;
            this.what = what;
        }

        /** The end of the method's name, {@code basicBlockTraining}. */
        public String suffix() {
            return suffix;
        }

        /** What the method computes, for its javadoc. */
        public String what() {
            return what;
        }
    }

    /**
     * The code that every unit of one user block class ({@code BasicBlock}) shares: one method per
     * pass, called once per unit with the unit's members, instead of the unit's code written out
     * again for each unit. {@code name} is the block class's simple name (with a number after the
     * first where units of one class need different code, such as a unit outside the convolution
     * layout); {@code layers} the block's own layer names in order; {@code members} what the
     * methods read of the model (spec constants, parameters, gradients, state) and {@code buffers}
     * of the per-batch buffers, both by the names the methods use ({@code conv1W}); {@code units}
     * the units that run through it. A unit's own join (the residual addition, the projection, the
     * concatenation) stays in the pass: it belongs to the stage, not to the block class.
     * {@code buffersName} names the block whose unit buffers class ({@code BasicBlockBuffers}) the
     * methods take: its own, or for a snapshot block the model's block of the same units.
     */
    public record Block(String name, String declaredIn, List<String> layers, List<Member> members, List<Member> buffers,
                        List<BlockPass> passes, List<BlockUnit> units, String buffersName) {
        /** The block methods' parameter for the unit's members, and the name their code reads them through ({@code unit.conv1W}). */
        public static final String UNIT = "unit";
        /**
         * The block methods' parameter for the unit's buffers ({@code buffers.conv1Out}): named as the
         * passes' local of the model's buffers ({@link NetPlan#BUFFERS}), whose unit part it stands for.
         */
        public static final String BUFFERS = "buffers";
    }

    /** A member of a block's unit objects: its name there and its type (a {@link Class} or a JavaPoet {@code TypeName}). */
    public record Member(String name, Object type) {
    }

    /**
     * One pass of a block: its steps as they read in the method, and the method's parameters after
     * the unit and its buffers, in order ({@code input}, {@code inputGrad}; {@code random} where the
     * block draws dropout masks).
     */
    public record BlockPass(Pass pass, List<Step> steps, List<String> parameters) {
    }

    /**
     * One unit that runs through its block's methods: {@code field} names its objects
     * ({@code layer1_0}, a field of the model and of the buffers), {@code label} says which unit
     * it is ({@code "layer1, unit 0 (ResNet18.java:18)"}), {@code [first, end)} are its block's
     * layers in the graph; {@code members} and {@code buffers} are the model's fields and buffers
     * behind the block's members, in the block's order; {@code arguments} the expressions passed
     * for each pass's parameters.
     */
    public record BlockUnit(String field, String label, int first, int end, List<String> members, List<String> buffers,
                            java.util.Map<Pass, List<String>> arguments) {
    }
}
