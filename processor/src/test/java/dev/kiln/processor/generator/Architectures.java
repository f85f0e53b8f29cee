package dev.kiln.processor.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Published architectures at full depth, with small inputs and widths so that they run quickly:
 * ResNet-18 and ResNet-50 (basic and bottleneck units, projection shortcuts), VGG-16 (13
 * convolutions, 5 pools, 3 Dense layers), DenseNet-121 and DenseNet-201 (dense blocks and
 * transitions), and a deep MLP (100 layers; 1,000 at the large scale).
 */
final class Architectures {
    private static final String STEM = "  @Conv2d(filters = 4, kernel = 7, stride = 2, padding = 3, bias = false) Layer conv1;"
            + " @BatchNorm Layer bn1; @ActivationLayer(Activation.RELU) Layer relu;"
            + " @MaxPool2d(kernel = 3, stride = 2, padding = 1) Layer maxPool;";
    private static final String HEAD = "  @GlobalAvgPool Layer avgPool; @Dense(units = 10) Layer fc;";

    private Architectures() {
    }

    static List<Case> all(boolean large) {
        return List.of(resNet18(), resNet50(), vgg16(), denseNet("DenseNet121", 6, 12, 24, 16), denseNet("DenseNet201", 6, 12, 48, 32),
                deepMlp(large ? 1000 : 100));
    }

    private static Case architecture(String name, List<String> body) {
        return new Case(name, Case.Origin.ARCHITECTURE, List.of(Sources.of(name, body)));
    }

    private static Case resNet18() {
        return architecture("ResNet18", List.of(
                "@Model(input = {3, 32, 32}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class ResNet18 {",
                STEM,
                "  @Residual(repeat = 2) Basic layer1;",
                "  @Residual(repeat = 2, width = 2, stride = 2) Basic layer2;",
                "  @Residual(repeat = 2, width = 4, stride = 2) Basic layer3;",
                "  @Residual(repeat = 2, width = 8, stride = 2) Basic layer4;",
                HEAD,
                "  static class Basic {",
                "    @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv1; @BatchNorm Layer bn1;",
                "    @ActivationLayer(Activation.RELU) Layer relu;",
                "    @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv2; @BatchNorm Layer bn2;",
                "  }",
                "}"));
    }

    private static Case resNet50() {
        return architecture("ResNet50", List.of(
                "@Model(input = {3, 32, 32}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class ResNet50 {",
                STEM,
                "  @Residual(repeat = 3) Bottleneck layer1;",
                "  @Residual(repeat = 4, width = 2, stride = 2) Bottleneck layer2;",
                "  @Residual(repeat = 6, width = 4, stride = 2) Bottleneck layer3;",
                "  @Residual(repeat = 3, width = 8, stride = 2) Bottleneck layer4;",
                HEAD,
                "  static class Bottleneck {",
                "    @Conv2d(filters = 2, kernel = 1, bias = false) Layer reduce; @BatchNorm Layer bnReduce;",
                "    @ActivationLayer(Activation.RELU) Layer reluReduce;",
                "    @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv; @BatchNorm Layer bnConv;",
                "    @ActivationLayer(Activation.RELU) Layer reluConv;",
                "    @Conv2d(filters = 8, kernel = 1, bias = false) Layer expand; @BatchNorm Layer bnExpand;",
                "  }",
                "}"));
    }

    /** VGG-16, configuration D: 2-2-3-3-3 convolutions of 3x3 between 2x2 max pools, three Dense layers; widths divided by 16. */
    private static Case vgg16() {
        List<String> body = new ArrayList<>(List.of("@Model(input = {3, 32, 32}, loss = Loss.SOFTMAX_CROSS_ENTROPY)", "class Vgg16 {"));
        int[][] blocks = {{4, 4}, {8, 8}, {16, 16, 16}, {32, 32, 32}, {32, 32, 32}};
        for (int b = 0; b < blocks.length; b++) {
            for (int c = 0; c < blocks[b].length; c++) {
                body.add("  @Conv2d(filters = " + blocks[b][c] + ", kernel = 3, same = true, activation = Activation.RELU) Layer conv"
                        + (b + 1) + "_" + (c + 1) + ";");
            }
            body.add("  @MaxPool2d(kernel = 2) Layer pool" + (b + 1) + ";");
        }
        body.add("  @Flatten Layer flat;");
        body.add("  @Dense(units = 32, activation = Activation.RELU) Layer fc6; @Dropout Layer drop6;");
        body.add("  @Dense(units = 32, activation = Activation.RELU) Layer fc7; @Dropout Layer drop7;");
        body.add("  @Dense(units = 10) Layer fc8;");
        body.add("}");
        return architecture("Vgg16", body);
    }

    /** DenseNet-BC with growth rate 2, bottlenecks of 8, compression 0.5. */
    private static Case denseNet(String name, int... blocks) {
        List<String> body = new ArrayList<>(List.of("@Model(input = {3, 32, 32}, loss = Loss.SOFTMAX_CROSS_ENTROPY)", "class " + name + " {",
                STEM));
        for (int b = 0; b < blocks.length; b++) {
            body.add("  @DenseBlock(repeat = " + blocks[b] + ") Unit block" + (b + 1) + ";");
            if (b + 1 < blocks.length) {
                body.add("  @Transition Layer transition" + (b + 1) + ";");
            }
        }
        body.add("  @BatchNorm Layer finalNorm; @ActivationLayer(Activation.RELU) Layer finalRelu;");
        body.add(HEAD);
        body.add("  static class Unit {");
        body.add("    @BatchNorm Layer bn1; @ActivationLayer(Activation.RELU) Layer relu1;");
        body.add("    @Conv2d(filters = 8, kernel = 1, bias = false) Layer conv1;");
        body.add("    @BatchNorm Layer bn2; @ActivationLayer(Activation.RELU) Layer relu2;");
        body.add("    @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv2;");
        body.add("  }");
        body.add("}");
        return architecture(name, body);
    }

    private static Case deepMlp(int layers) {
        List<String> body = new ArrayList<>(List.of("@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)", "class DeepMlp" + layers + " {"));
        for (int i = 0; i < layers; i++) {
            body.add("  @Dense(units = 8, activation = Activation.RELU) Layer fc" + i + ";");
        }
        body.add("  @Dense(units = 1) Layer out;");
        body.add("}");
        return architecture("DeepMlp" + layers, body);
    }
}
