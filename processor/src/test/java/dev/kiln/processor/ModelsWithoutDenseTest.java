package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaFileObject;
import java.util.stream.Stream;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Models without a Dense layer (the lints used to assume one): all-convolutional classifiers,
 * convolutional regressors, models with only normalization parameters and models with none. Each
 * compiles without warnings, constructs, runs forward and takes a training step.
 */
class ModelsWithoutDenseTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("AllConv", 4, new String[] {
                        "@Model(input = {2, 6, 6}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                        "class AllConv {",
                        "  @Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;",
                        "  @MaxPool2d(kernel = 2) Layer pool;",
                        "  @Conv2d(filters = 3, kernel = 1) Layer classes;",
                        "  @GlobalAvgPool Layer gap;",
                        "}"}),
                Arguments.of("ConvRegressor", 4, new String[] {
                        "@Model(input = {1, 5, 5}, loss = Loss.MEAN_SQUARED_ERROR)",
                        "class ConvRegressor {",
                        "  @Conv2d(filters = 2, kernel = 3, activation = Activation.TANH) Layer conv1;",
                        "  @Conv2d(filters = 1, kernel = 3) Layer conv2;",
                        "  @Flatten Layer flat;",
                        "}"}),
                Arguments.of("NormOnly", 2, new String[] {
                        "@Model(input = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
                        "class NormOnly {",
                        "  @LayerNorm Layer norm;",
                        "}"}),
                Arguments.of("BatchNormOnly", 2, new String[] {
                        "@Model(input = {2, 3, 3}, loss = Loss.MEAN_SQUARED_ERROR)",
                        "class BatchNormOnly {",
                        "  @BatchNorm Layer norm;",
                        "  @Flatten Layer flat;",
                        "}"}),
                Arguments.of("ParameterFree", 0, new String[] {
                        "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                        "class ParameterFree {",
                        "  @ActivationLayer(Activation.TANH) Layer squash;",
                        "}"}),
                Arguments.of("PoolingOnly", 0, new String[] {
                        "@Model(input = {1, 4, 4}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                        "class PoolingOnly {",
                        "  @MaxPool2d(kernel = 2) Layer pool;",
                        "  @Dropout(rate = 0.5) Layer drop;",
                        "  @Flatten Layer flat;",
                        "}"}));
    }

    @Test
    void featureMapsAsTheOutputAreRefusedWithTheWayToEndAConvolutionalModel() {
        JavaFileObject source = Models.source("Maps",
                "@Model(input = {1, 4, 4},",
                "       loss = Loss.MEAN_SQUARED_ERROR)",
                "class Maps {",
                "  @Conv2d(filters = 2, kernel = 3) Layer conv;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E004] loss MEAN_SQUARED_ERROR of model Maps needs output [n,units] but output layer 'conv' gives [n,2,2,2]. "
                                + "Hint: end the model with @GlobalAvgPool, or @Flatten and a Dense layer")
                .inFile(source).onLineContaining("loss = Loss.MEAN_SQUARED_ERROR");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void compilesConstructsAndTrains(String name, int parameters, String[] body) {
        Compilation compilation = Models.compile(Models.source(name, body));
        assertThat(compilation).succeededWithoutWarnings();
        var net = GeneratedNets.construct(compilation, "test." + name + "Net");
        assertEquals(parameters, net.parameters().size(), "parameters of " + name);
        GeneratedNets.forwardAndTrainStep(net);
    }
}
