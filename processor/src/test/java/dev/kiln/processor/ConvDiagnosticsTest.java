package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;

import static com.google.testing.compile.CompilationSubject.assertThat;

/** Compile-time checks of convolution and pooling layers, at the attribute, with shapes and a hint. */
class ConvDiagnosticsTest {

    @Test
    void kernelLargerThanThePaddedInput() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Conv2d(filters = 8, kernel = 3, stride = 2) Layer c1;",
                "  @MaxPool2d(kernel = 2) Layer p1;",
                "  @Conv2d(filters = 8, kernel = 5) Layer c2;",
                "  @Conv2d(filters = 8, kernel = 5) Layer c3;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 10) Layer logits;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E012] Conv2d layer 'c3' has a 5x5 kernel (dilation included) but input [n,8,2,2] padded by 0x0 is only 2x2 "
                                + "(model Bad). Hint: use a smaller kernel, more padding (same = true), or fewer downsampling layers before it")
                .inFile(source).onLineContaining("Layer c3");
    }

    @Test
    void groupsThatDoNotDivideTheChannels() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {6, 8, 8}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Conv2d(filters = 8, kernel = 3, groups = 4) Layer conv;",
                "  @GlobalAvgPool Layer pool;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E012] Conv2d layer 'conv' has 4 groups, which do not divide its 6 input channels and 8 filters")
                .inFile(source).onLineContaining("groups = 4");
    }

    @Test
    void denseAfterAFourDimensionalTensorWithoutFlatten() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer conv;",
                "  @Dense(units = 10) Layer logits;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E012] Dense layer 'logits' needs a flat input [n,features] but gets [n,4,28,28] (model Bad). Hint: add @Flatten before it")
                .inFile(source).onLineContaining("Layer logits");
    }

    @Test
    void badSizesStrideAndSamePadding() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {1, 28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Conv2d(filters = 4, kernel = {3, 3, 3}) Layer a;",
                "  @Conv2d(filters = 4, kernel = 3, stride = 0) Layer b;",
                "  @Conv2d(filters = 4, kernel = 2, same = true) Layer c;",
                "  @MaxPool2d(kernel = 2, padding = 2) Layer d;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 10) Layer logits;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E022] layer 'a' of model Bad: kernel = [3, 3, 3] must give one size, or two as {height, width}")
                .inFile(source).onLineContaining("kernel = {3, 3, 3}");
        assertThat(compilation).hadErrorContaining("[KILN-E022] layer 'b' of model Bad: stride = [0] must be at least 1")
                .inFile(source).onLineContaining("stride = 0");
        assertThat(compilation).hadErrorContaining("[KILN-E022] layer 'c' of model Bad: same padding needs an odd kernel extent, but dilation * (kernel - 1) = 1")
                .inFile(source).onLineContaining("same = true");
        assertThat(compilation).hadErrorContaining("[KILN-E022] layer 'd' of model Bad: padding 2 is more than half the kernel 2")
                .inFile(source).onLineContaining("padding = 2");
    }

    @Test
    void reshapeToAnotherElementCount() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Reshape({1, 28, 27}) Layer image;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 10) Layer logits;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E012] Reshape layer 'image' turns [n,784] (784 values per example) into [n,1,28,27] (756)")
                .inFile(source).onLineContaining("@Reshape");
    }
}
