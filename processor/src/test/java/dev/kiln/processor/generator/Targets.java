package dev.kiln.processor.generator;

import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.AvgPool2d;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.DenseBlock;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.GlobalAvgPool;
import dev.kiln.dsl.GroupNorm;
import dev.kiln.dsl.InstanceNorm;
import dev.kiln.dsl.LayerNorm;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Maxout;
import dev.kiln.dsl.PRelu;
import dev.kiln.dsl.Reshape;
import dev.kiln.dsl.Residual;
import dev.kiln.dsl.RmsNorm;
import dev.kiln.dsl.Transition;

import java.util.List;
import java.util.Map;

/** The layer and block annotations under test, each with a baseline that works in its host. */
final class Targets {
    /** Activations with a parameter, where {@code activationParameter} means something. */
    private static final List<Map<String, String>> PARAMETRIC = List.of(Map.of("activation", "Activation.LEAKY_RELU"),
            Map.of("activation", "Activation.ELU"), Map.of("activation", "Activation.SWISH"), Map.of("activation", "Activation.RELU"));

    private Targets() {
    }

    static final List<Target> LAYERS = List.of(
            new Target(Dense.class, Annotation.of("Dense", "units", "4"), Host.VECTOR, "Layer",
                    Map.of("activationParameter", PARAMETRIC)),
            new Target(Conv2d.class, Annotation.of("Conv2d", "filters", "4", "kernel", "3"), Host.IMAGE, "Layer",
                    Map.of("activationParameter", PARAMETRIC)),
            new Target(MaxPool2d.class, Annotation.of("MaxPool2d", "kernel", "2"), Host.IMAGE, "Layer", Map.of()),
            new Target(AvgPool2d.class, Annotation.of("AvgPool2d", "kernel", "2"), Host.IMAGE, "Layer", Map.of()),
            new Target(GlobalAvgPool.class, Annotation.of("GlobalAvgPool"), Host.LAST_IMAGE, "Layer", Map.of()),
            new Target(BatchNorm.class, Annotation.of("BatchNorm"), Host.IMAGE, "Layer", Map.of()),
            new Target(LayerNorm.class, Annotation.of("LayerNorm"), Host.VECTOR, "Layer", Map.of()),
            new Target(GroupNorm.class, Annotation.of("GroupNorm", "groups", "2"), Host.IMAGE, "Layer", Map.of()),
            new Target(InstanceNorm.class, Annotation.of("InstanceNorm"), Host.IMAGE, "Layer", Map.of()),
            new Target(RmsNorm.class, Annotation.of("RmsNorm"), Host.VECTOR, "Layer", Map.of()),
            new Target(Dropout.class, Annotation.of("Dropout"), Host.VECTOR, "Layer", Map.of()),
            new Target(ActivationLayer.class, Annotation.of("ActivationLayer", "value", "Activation.RELU"), Host.VECTOR, "Layer",
                    Map.of("parameter", List.of(Map.of("value", "Activation.LEAKY_RELU"), Map.of("value", "Activation.ELU"),
                            Map.of("value", "Activation.SWISH"), Map.of("value", "Activation.TANH")))),
            new Target(PRelu.class, Annotation.of("PRelu"), Host.IMAGE, "Layer", Map.of()),
            new Target(Maxout.class, Annotation.of("Maxout"), Host.VECTOR, "Layer", Map.of()),
            new Target(Flatten.class, Annotation.of("Flatten"), Host.IMAGE, "Layer", Map.of()),
            new Target(Reshape.class, Annotation.of("Reshape", "value", "{2, 2, 2}"), Host.BEFORE_FLATTEN, "Layer", Map.of()));

    /** The block annotations: a stage's field has its block class as type. */
    static final List<Target> BLOCKS = List.of(
            new Target(Residual.class, Annotation.of("Residual", "repeat", "2"), Host.IMAGE, "Basic",
                    Map.of("strideAt", List.of(Map.of("stride", "2"), Map.of()),
                            "linearDecay", List.of(Map.of("survival", "0.5"), Map.of()),
                            "projectionNorm", List.of(Map.of("stride", "2"), Map.of()))),
            new Target(DenseBlock.class, Annotation.of("DenseBlock", "repeat", "2"), Host.IMAGE, "Growth", Map.of()),
            new Target(Transition.class, Annotation.of("Transition"), Host.BETWEEN_DENSE_BLOCKS, "Layer", Map.of()));

    /** The block classes the block targets' fields name, declared in their models. */
    static final List<String> BLOCK_CLASSES = List.of(
            "static class Basic { @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv; @BatchNorm Layer bn; }",
            "static class Growth { @BatchNorm Layer bn; @ActivationLayer(Activation.RELU) Layer relu;"
                    + " @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv; }");
}
