package dev.kiln.processor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.google.testing.compile.CompilationSubject.assertThat;

/**
 * Sizes near and beyond {@code Integer.MAX_VALUE}: shapes are computed in long, so a huge width,
 * dilation, stride, padding or input is refused with the layer, the shape and the number of values
 * named, at the attribute that causes it, instead of wrapping to a zero or negative size or
 * crashing the processor.
 */
class LargeShapeDiagnosticsTest {
    private static final String OUT = "  @Dense(units = 1) Layer out;";
    private static final String ARRAY = "more than the 2,147,483,639 one array can hold";

    private static Arguments image(String name, String expected, String line, String... layers) {
        List<String> body = new ArrayList<>(List.of("@Model(input = {1, 8, 8}, loss = Loss.MEAN_SQUARED_ERROR)", "class " + name + " {"));
        body.addAll(List.of(layers));
        body.addAll(List.of("  @GlobalAvgPool Layer gap;", OUT, "}"));
        return Arguments.of(name, body, expected, line);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("Input", List.of("@Model(input = {1, 50000, 50000}, loss = Loss.MEAN_SQUARED_ERROR)", "class Input {",
                                "  @Flatten Layer flat;", OUT, "}"),
                        "[KILN-E001] model Input has input shape [1, 50000, 50000]: 2,500,000,000 values per example, " + ARRAY,
                        "input = {1, 50000, 50000}"),
                Arguments.of("Filters", List.of("@Model(input = {3, 32, 32}, loss = Loss.MEAN_SQUARED_ERROR)", "class Filters {",
                                "  @Conv2d(filters = 4194304, kernel = 1) Layer conv;", "  @Flatten Layer flat;", OUT, "}"),
                        "[KILN-E012] Conv2d layer 'conv' would give [n,4194304,32,32]: 4,294,967,296 values, " + ARRAY
                                + " (model Filters). Hint: use fewer filters, a larger stride or less padding", "filters = 4194304"),
                image("Dilation", "[KILN-E012] Conv2d layer 'conv' has a 2147483649x2147483649 kernel (dilation included) but input "
                                + "[n,1,8,8] padded by 0x0 is only 8x8 (model Dilation)", "dilation = 1073741824",
                        "  @Conv2d(filters = 8, kernel = 3,", "          dilation = 1073741824) Layer conv;"),
                image("PaddedInput", "[KILN-E012] Conv2d layer 'conv' pads input [n,1,8,8] by 1073741824x1073741824 to "
                                + "2147483656x2147483656, more than the 2147483647 an array dimension can hold", "padding = 1073741824",
                        "  @Conv2d(filters = 8, kernel = 3, stride = 1073741824,", "          padding = 1073741824) Layer conv;"),
                image("PaddedOutput", "[KILN-E012] Conv2d layer 'conv' would give [n,8,60008,60008]: 28,807,680,512 values, " + ARRAY,
                        "padding = 30000", "  @Conv2d(filters = 8, kernel = 1,", "          padding = 30000) Layer conv;"),
                image("SamePadding", "[KILN-E022] layer 'conv' of model SamePadding: same padding would pad by dilation * (kernel - 1) / 2 "
                                + "= 4294967294 per side, more than an array dimension can hold", "same = true",
                        "  @Conv2d(filters = 1, kernel = 5, dilation = 2147483647,", "          same = true) Layer conv;"),
                image("ConvWeights", "[KILN-E012] Conv2d layer 'conv' has weights [1073741824, 1, 3, 3]: 9,663,676,416 values, " + ARRAY,
                        "filters = 1073741824", "  @Conv2d(kernel = 3,", "          filters = 1073741824) Layer conv;"),
                image("PoolPadding", "[KILN-E022] layer 'pool' of model PoolPadding: padding 1073741824 is more than half the kernel 3",
                        "padding = 1073741824", "  @MaxPool2d(kernel = 3,", "          padding = 1073741824) Layer pool;"),
                Arguments.of("DenseWeights", List.of("@Model(input = 2, loss = Loss.MEAN_SQUARED_ERROR)", "class DenseWeights {",
                                "  @Dense(units = 2147483647) Layer out;", "}"),
                        "[KILN-E012] Dense layer 'out' has weights [2, 2147483647]: 4,294,967,294 values, " + ARRAY, "units = 2147483647"),
                Arguments.of("Concatenation", List.of("@Model(input = {1073741824, 1, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
                                "class Concatenation {", "  static class Unit { @ActivationLayer(Activation.RELU) Layer relu; }",
                                "  @DenseBlock(repeat = 2) Unit stage;", "  @GlobalAvgPool Layer gap;", OUT, "}"),
                        "[KILN-E012] concatenation 'stage_0_concat' would give [n,2147483648,1,1]: 2,147,483,648 values, " + ARRAY,
                        "@DenseBlock(repeat = 2)"),
                image("Width", "[KILN-E023] block 'stage' of model Width: width = 4 gives layer 'conv' 1073741824 x 4 = 4294967296 outputs",
                        "width = 4", "  static class Unit { @Conv2d(filters = 1073741824, kernel = 1) Layer conv; }",
                        "  @Residual(width = 4) Unit stage;"),
                image("Stride", "[KILN-E023] block 'stage' of model Stride: stride = 4 times the stride 1073741824 of layer 'conv' is 4294967296",
                        "stride = 4", "  static class Unit { @Conv2d(filters = 1, kernel = 1, stride = 1073741824) Layer conv; }",
                        "  @Residual(stride = 4) Unit stage;"),
                Arguments.of("Reshaped", List.of("@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)", "class Reshaped {",
                                "  @Reshape({65536, 65536, 65536}) Layer image;", "  @Flatten Layer flat;", OUT, "}"),
                        "[KILN-E022] layer 'image' of model Reshaped: Reshape to [65536, 65536, 65536] makes a tensor of more than the "
                                + "2,147,483,639 values one array can hold", "@Reshape({65536"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void refusedAtTheAttributeWithTheShape(String name, List<String> body, String expected, String line) {
        JavaFileObject source = Models.source(name, body.toArray(String[]::new));
        assertThat(Models.compile(source)).hadErrorContaining(expected).inFile(source).onLineContaining(line);
    }
}
