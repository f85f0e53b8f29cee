package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Problems the runtime used to find only when the net was built (with messages naming neither
 * model nor layer), found at compile time, at the attribute: each model below compiled before and
 * failed in its constructor or first training step.
 */
class ConstructionChecksTest {

    @Test
    void diracOnAKernelWithoutACentre() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {4, 6, 6}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Conv2d(filters = 4, kernel = {3, 2}, activation = Activation.RELU,",
                "          weightInit = @Init(scheme = Scheme.DIRAC)) Layer conv;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E013] layer 'conv' of model Bad: weightInit DIRAC puts the identity at "
                        + "the kernel's centre tap, but a 3x2 kernel has no centre. Hint: use an odd kernel such as 3x3, or Scheme.ORTHOGONAL")
                .inFile(source).onLineContaining("Scheme.DIRAC");
    }

    @Test
    void weightNormOverZeroWeightsEvenWithConstantInitSuppressed() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @SuppressWarnings(Lints.CONSTANT_INIT)",
                "  @Dense(units = 4, activation = Activation.RELU, weightNorm = true,",
                "         weightInit = @Init(scheme = Scheme.ZEROS)) Layer zeros;",
                "  @Dense(units = 4, activation = Activation.RELU, weightNorm = true,",
                "         weightInit = @Init(scheme = Scheme.CONSTANT, value = 0)) Layer constant;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E013] layer 'zeros' of model Bad: weight norm computes W = g v / ||v|| per unit, "
                        + "but weightInit zeros makes every ||v|| 0, so W would be 0/0. Hint: use a random weightInit")
                .inFile(source).onLineContaining("Scheme.ZEROS");
        assertThat(compilation).hadErrorContaining("[KILN-E013] layer 'constant' of model Bad: weight norm computes W = g v / ||v|| per unit, "
                        + "but weightInit constant(0) makes every ||v|| 0")
                .inFile(source).onLineContaining("Scheme.CONSTANT");
        assertEquals(2, compilation.errors().size(), compilation.errors().toString());
    }

    @Test
    void sparseInitThatZeroesEveryInput() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.SPARSE, std = 0.5, sparsity = 0.8)) Layer sparse;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E013] layer 'sparse' of model Bad: weightInit SPARSE with sparsity 0.8 "
                        + "zeroes ceil(0.8 * 4) = 4 of the 4 inputs of every unit: every weight is 0. Hint: use a sparsity below 0.75")
                .inFile(source).onLineContaining("Scheme.SPARSE");
    }

    @Test
    void aGainWhoseVarianceOverflows() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL,",
                "         gain = 1e200)) Layer hidden;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E016] layer 'hidden' of model Bad: number attribute weightInit: gain = 1.0E200 is beyond "
                + "the range of float32").inFile(source).onLineContaining("gain = 1e200");
    }

    @Test
    void oneCycleOverASingleStep() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR, training = @Training(schedule = ScheduleType.ONE_CYCLE,",
                "       horizonSteps = 1))",
                "class Bad {",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E021] the training options of model Bad: schedule ONE_CYCLE needs "
                        + "horizonSteps of at least 2, a rising and a falling phase of one step or more, but has 1")
                .inFile(source).onLineContaining("horizonSteps = 1");
    }

    @Test
    void theSmallestValidVersionsCompileAndRun() {
        Compilation compilation = Models.compile(Models.source("Fine",
                "@Model(input = {2, 5, 5}, loss = Loss.MEAN_SQUARED_ERROR, training = @Training(schedule = ScheduleType.ONE_CYCLE,",
                "       horizonSteps = 2))",
                "class Fine {",
                "  @Conv2d(filters = 2, kernel = 3, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.DIRAC,",
                "          gain = 1.4142135623730951)) Layer conv;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 4, activation = Activation.RELU, weightNorm = true,",
                "         weightInit = @Init(scheme = Scheme.SPARSE, std = 1.4, sparsity = 0.5)) Layer sparse;",
                "  @Dense(units = 1) Layer out;",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        var net = GeneratedNets.construct(compilation, "test.FineNet");
        GeneratedNets.forwardAndTrainStep(net);
        net.defaultOptimizer().step(net.parameters());
    }
}
