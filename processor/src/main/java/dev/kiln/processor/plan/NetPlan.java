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
 */
public record NetPlan(String packageName, String modelName, String className, String modelLocation,
                      CodeBlock graph, List<SpecConstant> specs, List<ParameterSlot> parameters,
                      List<StateSlot> states, List<Step> setup, List<Step> snapshotSetup,
                      List<BufferSlot> buffers, List<Step> inference, List<Step> snapshotInference,
                      List<Step> training, Step loss,
                      List<Step> backward, String inferenceOutput, String trainingOutput,
                      boolean usesRandomness, TrainingSpec declaredTraining, List<WeightLayerSlot> weightLayers,
                      List<FlagSlot> flags, boolean usesLayout) {

    /** {@code static final DenseSpec FC1 = ...}: a layer's IR, shared by the graph and the kernels. */
    /** {@code type} is a {@link Class} or a JavaPoet {@code TypeName} (for runtime types the processor cannot load). */
    public record SpecConstant(String name, Object type, CodeBlock initializer, String comment) {
    }

    /** A trainable parameter and its gradient, both fields of the generated class. */
    public record ParameterSlot(String layer, String role, String kind, String field, String gradientField,
                                long[] shape, CodeBlock initializer, String comment) {
    }

    /**
     * A model array that is not trained. {@code layer} and {@code role} name a {@link Kind#STATE} array in
     * {@code stateBuffers()} ({@code bn1.runningMean}); they are null for the other kinds.
     */
    public record StateSlot(String field, Kind kind, boolean visible, CodeBlock initializer, String comment, String layer,
                            String role) {

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
     * A stochastic-depth gate: a public boolean field of the model, initially true, that frozen training passes
     * use; every pass copies it into its own local variable {@code local} and, unless frozen, draws that instead,
     * so a pass never changes the field.
     */
    public record FlagSlot(String field, String local, String comment) {
    }

    /**
     * A per-batch buffer and the expression that creates it in the buffers' constructor, which has
     * {@code n} (the batch size), {@code dataType} and, in a model with convolution chains,
     * {@code layout} at hand.
     */
    public record BufferSlot(String field, String comment, CodeBlock initializer) {
    }

    /**
     * A layer with a weight, for the generated {@code Layerwise} methods: its parameter fields
     * ({@code biasField} null without bias), the buffer expression holding its pre-activation, and
     * how many inference steps produce it.
     */
    public record WeightLayerSlot(String layer, String weightField, String biasField, String preActivation,
                                  int inferenceSteps) {
    }

    /** One or more statements under one comment (layer name, location, shapes). */
    public record Step(String comment, CodeBlock code) {
    }
}
