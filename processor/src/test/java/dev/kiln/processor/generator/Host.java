package dev.kiln.processor.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * A model with a slot for the field under test: the layers around the slot make a model that
 * compiles with a sound layer in it, so that what the slot holds decides the outcome. A block
 * host puts the slot in the block class of a stage.
 */
enum Host {
    /** [n,8] features: a hidden Dense layer, the slot, a Dense output. */
    VECTOR("input = 8, loss = Loss.MEAN_SQUARED_ERROR", List.of("@Dense(units = 8, activation = Activation.RELU) Layer hidden;"),
            List.of("@Dense(units = 2) Layer out;")),
    /** [n,2,8,8] images: a ReLU convolution to 4 channels, the slot, global average pooling and a Dense output. */
    IMAGE("input = {2, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY",
            List.of("@Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer conv;"),
            List.of("@GlobalAvgPool Layer gap;", "@Dense(units = 3) Layer out;")),
    /** The slot first, reading [n,8] features. */
    FIRST_VECTOR("input = 8, loss = Loss.MEAN_SQUARED_ERROR", List.of(), List.of("@Dense(units = 2) Layer out;")),
    /** The slot first, reading [n,2,8,8] images. */
    FIRST_IMAGE("input = {2, 8, 8}, loss = Loss.MEAN_SQUARED_ERROR", List.of(),
            List.of("@GlobalAvgPool Layer gap;", "@Dense(units = 2) Layer out;")),
    /** The slot last, the model's output, after a hidden Dense layer. */
    LAST_VECTOR("input = 8, loss = Loss.MEAN_SQUARED_ERROR", List.of("@Dense(units = 8, activation = Activation.RELU) Layer hidden;"),
            List.of()),
    /** The slot last, after a convolution and global average pooling. */
    LAST_IMAGE("input = {2, 8, 8}, loss = Loss.MEAN_SQUARED_ERROR",
            List.of("@Conv2d(filters = 4, kernel = 3, same = true) Layer conv;", "@GlobalAvgPool Layer gap;"), List.of()),
    /** After a hidden Dense layer of 8, then flattened for the Dense output: for reshapes. */
    BEFORE_FLATTEN("input = 8, loss = Loss.MEAN_SQUARED_ERROR", List.of("@Dense(units = 8, activation = Activation.RELU) Layer hidden;"),
            List.of("@Flatten Layer flat;", "@Dense(units = 2) Layer out;")),
    /** Between two dense blocks of images: for transitions. */
    BETWEEN_DENSE_BLOCKS("input = {2, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY",
            List.of("@Conv2d(filters = 4, kernel = 3, same = true) Layer conv;", "@DenseBlock(repeat = 2) Grow before;"),
            List.of("@DenseBlock(repeat = 2) Grow after;", "@GlobalAvgPool Layer gap;", "@Dense(units = 3) Layer out;"),
            "static class Grow { @BatchNorm Layer bn; @ActivationLayer(Activation.RELU) Layer relu;"
                    + " @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv; }"),
    /** The slot in the block class of a residual stage of [n,8] vectors, after a Dense layer of 8. */
    IN_RESIDUAL_BLOCK("input = 8, loss = Loss.MEAN_SQUARED_ERROR", List.of("@Residual(repeat = 2) Unit stage;"),
            List.of("@Dense(units = 2) Layer out;"), "static class Unit { @Dense(units = 8, activation = Activation.RELU) Layer fc; %s }"),
    /** The slot in the block class of a dense block of [n,4,8,8] images, after batch norm. */
    IN_DENSE_BLOCK("input = {2, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY",
            List.of("@Conv2d(filters = 4, kernel = 3, same = true) Layer conv;", "@DenseBlock(repeat = 2) Unit block;"),
            List.of("@GlobalAvgPool Layer gap;", "@Dense(units = 3) Layer out;"), "static class Unit { @BatchNorm Layer bn; %s }");

    private final String model;
    private final List<String> before;
    private final List<String> after;
    /** A nested class the host declares; with {@code %s}, the slot goes there rather than among the model's fields. */
    private final String nested;

    Host(String model, List<String> before, List<String> after) {
        this(model, before, after, null);
    }

    Host(String model, List<String> before, List<String> after, String nested) {
        this.model = model;
        this.before = before;
        this.after = after;
        this.nested = nested;
    }

    /**
     * The model class {@code className} with {@code slot} (a field declaration) in its place, under
     * {@code @Model(modelAttributes)}, declaring {@code members} too (block classes).
     */
    List<String> source(String className, String slot, String modelAttributes, List<String> members) {
        List<String> lines = new ArrayList<>();
        lines.add("@Model(" + modelAttributes + ")");
        lines.add("class " + className + " {");
        before.forEach(line -> lines.add("  " + line));
        boolean slotInBlock = nested != null && nested.contains("%s");
        if (!slotInBlock) {
            lines.add("  " + slot);
        }
        after.forEach(line -> lines.add("  " + line));
        if (nested != null) {
            lines.add("  " + (slotInBlock ? String.format(nested, slot) : nested));
        }
        members.forEach(member -> lines.add("  " + member));
        lines.add("}");
        return lines;
    }

    List<String> source(String className, String slot) {
        return source(className, slot, model, List.of());
    }

    /** The host's own {@code @Model} attributes. */
    String modelAttributes() {
        return model;
    }
}
