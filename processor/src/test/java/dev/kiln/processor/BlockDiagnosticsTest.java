package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;

import static com.google.testing.compile.CompilationSubject.assertThat;

/** Residual and dense blocks: the errors of the convolutional issue at the annotation that causes them, and a sound model. */
class BlockDiagnosticsTest {

    private static final String[] BASIC_BLOCK = {
            "  static class Basic {",
            "    @Conv2d(filters = 8, kernel = 3, same = true, bias = false) Layer conv1;",
            "    @BatchNorm Layer bn1;",
            "    @ActivationLayer(Activation.RELU) Layer relu;",
            "    @Conv2d(filters = 8, kernel = 3, same = true, bias = false) Layer conv2;",
            "    @BatchNorm Layer bn2;",
            "  }"};

    private static JavaFileObject model(String name, String stage, String... block) {
        String[] lines = new String[6 + block.length];
        lines[0] = "@Model(input = {4, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY)";
        lines[1] = "class " + name + " {";
        lines[2] = stage;
        lines[3] = "  @GlobalAvgPool Layer gap;";
        lines[4] = "  @Flatten Layer flat; @Dense(units = 3) Layer out;";
        System.arraycopy(block, 0, lines, 5, block.length);
        lines[lines.length - 1] = "}";
        return Models.source(name, lines);
    }

    @Test
    void channelMismatchAtTheResidualAddSuggestsAProjection() {
        JavaFileObject source = model("Bad", "  @Residual(repeat = 2, shortcut = Shortcut.IDENTITY) Basic stage;", BASIC_BLOCK);
        Compilation compilation = Models.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[KILN-E012] residual add 'stage_0_add' gets shortcut [n,4,8,8] and branch [n,8,8,8]: "
                        + "channels differ (4 vs 8) (model Bad). Hint: use a projection shortcut (a 1x1 convolution to 8 channels): "
                        + "shortcut = Shortcut.AUTO or PROJECTION on 'stage_0'")
                .inFile(source).onLineContaining("@Residual(repeat = 2, shortcut = Shortcut.IDENTITY)");
    }

    @Test
    void strideAndChannelsChangeWithAnIdentityShortcut() {
        JavaFileObject source = model("Bad", "  @Residual(stride = 2, shortcut = Shortcut.IDENTITY) Basic stage;", BASIC_BLOCK);
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E012] residual add 'stage_0_add' gets shortcut [n,4,8,8] and branch "
                        + "[n,8,4,4]: channels 4 vs 8 and spatial size 8x8 vs 4x4 differ")
                .inFile(source).onLineContaining("@Residual(stride = 2");
    }

    @Test
    void automaticProjectionMakesTheSameStageSound() {
        JavaFileObject source = model("Good", "  @Residual(repeat = 2, stride = 2) Basic stage;", BASIC_BLOCK);
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).generatedSourceFile("test.GoodNet").contentsAsUtf8String()
                .contains("stage_0_projection: Conv2d 4 -> 8 1x1 s2, no bias");
    }

    @Test
    void concatenationOfMismatchedSpatialSizes() {
        JavaFileObject source = model("Bad", "  @DenseBlock(repeat = 3) Grow block;",
                "  static class Grow {",
                "    @BatchNorm Layer bn;",
                "    @Conv2d(filters = 2, kernel = 3, stride = 2, padding = 1, bias = false) Layer conv;",
                "  }");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E012] concatenation 'block_0_concat' joins channels of [n,4,8,8] and [n,2,4,4], "
                        + "whose spatial sizes 8x8 and 4x4 differ (model Bad). Hint: keep H and W in the unit's branch")
                .inFile(source).onLineContaining("@DenseBlock(repeat = 3)");
    }

    @Test
    void strideAtMustNameALayerOfTheBlock() {
        JavaFileObject source = model("Bad", "  @Residual(stride = 2, strideAt = \"conv3\") Basic stage;", BASIC_BLOCK);
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E023] block 'stage' of model Bad: strideAt = \"conv3\" names no "
                        + "layer of the block; it has [conv1, bn1, relu, conv2, bn2]")
                .inFile(source).onLineContaining("strideAt = \"conv3\"");
    }

    @Test
    void blockFieldNeedsTheBlockClassAsItsType() {
        JavaFileObject source = model("Bad", "  @Residual(repeat = 2) Layer stage;", BASIC_BLOCK);
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E023] block 'stage' of model Bad: @Residual needs the block class as "
                        + "the field's type, but the type is dev.kiln.dsl.Layer")
                .inFile(source).onLineContaining("@Residual(repeat = 2) Layer stage;");
    }

    @Test
    void repeatAndSurvivalOutOfRange() {
        JavaFileObject source = model("Bad", "  @Residual(repeat = 0, survival = 1.5) Basic stage;", BASIC_BLOCK);
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E023] block 'stage' of model Bad: repeat = 0 must be at least 1")
                .inFile(source).onLineContaining("repeat = 0");
        assertThat(compilation).hadErrorContaining("[KILN-E023] block 'stage' of model Bad: survival = 1.5 must lie in (0, 1]")
                .inFile(source).onLineContaining("survival = 1.5");
    }

    @Test
    void blocksDoNotNest() {
        JavaFileObject source = model("Bad", "  @Residual Outer stage;",
                "  static class Outer {",
                "    @Residual Inner inner;",
                "  }",
                "  static class Inner {",
                "    @Conv2d(filters = 4, kernel = 3, same = true) Layer conv;",
                "  }");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E023] block 'inner' of model Bad: blocks do not nest")
                .inFile(source).onLineContaining("@Residual Inner inner;");
    }

    @Test
    void transitionNeedsFeatureMaps() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 16, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 8) Layer fc;",
                "  @Transition Layer down;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E023] block 'down' of model Bad: a transition needs input [n,C,H,W] "
                        + "but gets [n,8]")
                .inFile(source).onLineContaining("@Transition Layer down;");
    }

    @Test
    void aProblemInARepeatedBlockIsReportedOnceAtTheBlockField() {
        JavaFileObject source = model("Bad", "  @Residual(repeat = 3) Basic stage;",
                "  static class Basic {",
                "    @Conv2d(filters = 4, kernel = 9) Layer conv;",
                "  }");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("Conv2d layer 'stage_0_conv' has a 9x9 kernel")
                .inFile(source).onLineContaining("@Conv2d(filters = 4, kernel = 9)");
    }

    @Test
    void aBlockClassWithoutLayers() {
        JavaFileObject source = model("Bad", "  @DenseBlock(repeat = 2) Empty block;",
                "  static class Empty {",
                "    int notALayer;",
                "  }");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E023] block 'block' of model Bad: block class Empty declares no layers")
                .inFile(source).onLineContaining("@DenseBlock(repeat = 2) Empty block;");
    }

    @Test
    void compressionOutOfRange() {
        JavaFileObject source = model("Bad", "  @Transition(compression = 0) Layer down;");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E023] block 'down' of model Bad: compression = 0.0 must lie in (0, 1]")
                .inFile(source).onLineContaining("@Transition(compression = 0)");
    }

    @Test
    void aDenseNetWithTransitionsCompilesAndCountsChannels() {
        JavaFileObject source = model("Good", "  @DenseBlock(repeat = 3) Grow block; @Transition Layer down;",
                "  static class Grow {",
                "    @BatchNorm Layer bn;",
                "    @ActivationLayer(Activation.RELU) Layer relu;",
                "    @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv;",
                "  }");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).generatedSourceFile("test.GoodNet").contentsAsUtf8String()
                .contains("down_conv: Conv2d 10 -> 5 1x1, no bias");
    }
}
