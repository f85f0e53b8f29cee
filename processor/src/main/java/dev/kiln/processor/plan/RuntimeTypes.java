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
    private static final String KERNELS = RUNTIME + ".kernels";

    public static final ClassName KILN_NET = ClassName.get(RUNTIME, "KilnNet");
    public static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
    public static final ClassName LAYERWISE = ClassName.get(RUNTIME, "Layerwise");
    public static final ClassName WEIGHT_LAYER = ClassName.get(RUNTIME, "WeightLayer");
    public static final ClassName PARAMETER_KIND = PARAMETER.nestedClass("Kind");
    public static final ClassName INPUT_CHECK = ClassName.get(RUNTIME, "InputCheck");
    public static final ClassName BUFFER_CACHE = ClassName.get(RUNTIME, "BufferCache");
    public static final ClassName OPTIMIZER = ClassName.get(RUNTIME + ".optim", "Optimizer");
    public static final ClassName SEED_STREAMS = ClassName.get(RUNTIME + ".init", "SeedStreams");
    public static final ClassName INITIALIZERS = ClassName.get(RUNTIME + ".init", "Initializers");
    public static final ClassName DENSE_KERNEL = ClassName.get(KERNELS, "DenseKernel");
    public static final ClassName ACTIVATIONS = ClassName.get(KERNELS, "Activations");
    public static final ClassName DROPOUT_KERNEL = ClassName.get(KERNELS, "DropoutKernel");
    public static final ClassName LOSSES = ClassName.get(KERNELS, "Losses");

    public static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
    public static final ClassName DATA_TYPE = ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
    public static final ClassName ND4J = ClassName.get("org.nd4j.linalg.factory", "Nd4j");
    public static final ClassName ND4J_RANDOM = ClassName.get("org.nd4j.linalg.api.rng", "Random");
}
