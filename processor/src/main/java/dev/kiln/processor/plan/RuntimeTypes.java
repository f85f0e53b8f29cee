package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;

/**
 * Runtime classes that generated code refers to. The processor does not depend on the runtime
 * (it must load inside javac without ND4J), so they are named here rather than imported.
 */
public final class RuntimeTypes {
    private RuntimeTypes() {
    }

    private static final String RUNTIME = "dev.kiln.runtime";
    static final String KERNELS = RUNTIME + ".kernels";

    public static final ClassName GENERATED_NET = ClassName.get(RUNTIME, "GeneratedNet");
    public static final ClassName GENERATED_SNAPSHOT = ClassName.get(RUNTIME, "GeneratedSnapshot");
    public static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
    public static final ClassName WEIGHT_LAYER = ClassName.get(RUNTIME, "WeightLayer");
    public static final ClassName PARAMETER_KIND = PARAMETER.nestedClass("Kind");
    public static final ClassName STATE_BUFFER = ClassName.get(RUNTIME, "StateBuffer");
    public static final ClassName TRAINING_RANDOMNESS = ClassName.get(RUNTIME, "TrainingRandomness");
    public static final ClassName CHECKPOINT = ClassName.get(RUNTIME + ".checkpoint", "Checkpoint");
    public static final ClassName PATH = ClassName.get("java.nio.file", "Path");
    public static final ClassName OPTIMIZER = ClassName.get(RUNTIME + ".optim", "Optimizer");
    public static final ClassName OPTIMIZER_KIND = ClassName.get(RUNTIME + ".optim", "OptimizerKind");
    public static final ClassName SCHEDULE_KIND = ClassName.get(RUNTIME + ".optim", "ScheduleKind");
    public static final ClassName SEED_STREAMS = ClassName.get(RUNTIME + ".init", "SeedStreams");
    public static final ClassName INITIALIZERS = ClassName.get(RUNTIME + ".init", "Initializers");
    public static final ClassName DENSE_KERNEL = ClassName.get(KERNELS, "DenseKernel");
    public static final ClassName ACTIVATIONS = ClassName.get(KERNELS, "Activations");
    public static final ClassName DROPOUT_KERNEL = ClassName.get(KERNELS, "DropoutKernel");
    public static final ClassName LOSSES = ClassName.get(KERNELS, "Losses");
    public static final ClassName RESHAPE_KERNEL = ClassName.get(KERNELS, "ReshapeKernel");
    public static final ClassName BATCH_NORM_KERNEL = ClassName.get(KERNELS, "BatchNormKernel");
    public static final ClassName LAYER_NORM_KERNEL = ClassName.get(KERNELS, "LayerNormKernel");
    public static final ClassName GROUP_NORM_KERNEL = ClassName.get(KERNELS, "GroupNormKernel");
    public static final ClassName INSTANCE_NORM_KERNEL = ClassName.get(KERNELS, "InstanceNormKernel");
    public static final ClassName RMS_NORM_KERNEL = ClassName.get(KERNELS, "RmsNormKernel");
    public static final ClassName WEIGHT_NORM_KERNEL = ClassName.get(KERNELS, "WeightNormKernel");
    public static final ClassName CONV2D_KERNEL = ClassName.get(KERNELS, "Conv2dKernel");
    public static final ClassName CONV2D_GEOMETRY = ClassName.get(KERNELS, "Conv2dGeometry");
    public static final ClassName MAX_POOL_KERNEL = ClassName.get(KERNELS, "MaxPool2dKernel");
    public static final ClassName AVG_POOL_KERNEL = ClassName.get(KERNELS, "AvgPool2dKernel");
    public static final ClassName GLOBAL_AVG_POOL_KERNEL = ClassName.get(KERNELS, "GlobalAvgPoolKernel");
    public static final ClassName POOL2D_GEOMETRY = ClassName.get(KERNELS, "Pool2dGeometry");
    public static final ClassName FEATURE_LAYOUT = ClassName.get(KERNELS, "FeatureLayout");
    public static final ClassName RESIDUAL_KERNEL = ClassName.get(KERNELS, "ResidualKernel");
    public static final ClassName BATCH_NORM_FOLDING = ClassName.get(KERNELS, "BatchNormFolding");
    public static final ClassName NORM_AFFINE = ClassName.get(KERNELS, "NormAffine");
    public static final ClassName MOMENTS = ClassName.get(KERNELS, "Moments");
    public static final ClassName BATCH_NORM_LAYER = ClassName.get(KERNELS, "BatchNormLayer");
    public static final ClassName BATCH_NORM_BUFFERS = ClassName.get(KERNELS, "BatchNormBuffers");
    public static final ClassName NORM_LAYER = ClassName.get(KERNELS, "NormLayer");
    public static final ClassName GROUP_NORM_LAYER = ClassName.get(KERNELS, "GroupNormLayer");
    public static final ClassName NORM_BUFFERS = ClassName.get(KERNELS, "NormBuffers");
    public static final ClassName RMS_NORM_BUFFERS = ClassName.get(KERNELS, "RmsNormBuffers");
    public static final ClassName CONV2D_LAYER = ClassName.get(KERNELS, "Conv2dLayer");

    public static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
    public static final ClassName DATA_TYPE = ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
    public static final ClassName ND4J = ClassName.get("org.nd4j.linalg.factory", "Nd4j");
    public static final ClassName ND4J_RANDOM = ClassName.get("org.nd4j.linalg.api.rng", "Random");
}
