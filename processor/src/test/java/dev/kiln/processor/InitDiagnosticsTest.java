package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.runtime.KilnNet;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.HashMap;
import java.util.Map;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The initializer diagnostics for every scheme: errors (constant weights, shape misfits, bad
 * parameters) and lints (scheme vs activation, fixed scales, forward factors), each at its line.
 */
class InitDiagnosticsTest {

    private static long kiln(Compilation compilation, Diagnostic.Kind kind) {
        return compilation.diagnostics().stream()
                .filter(d -> d.getKind() == kind && d.getMessage(null).startsWith("[KILN-"))
                .count();
    }

    private static JavaFileObject net(String... layers) {
        String[] body = new String[layers.length + 3];
        body[0] = "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)";
        body[1] = "class Net {";
        System.arraycopy(layers, 0, body, 2, layers.length);
        body[body.length - 1] = "}";
        return Models.source("Net", body);
    }

    // ---- constant weights: error KILN-E014 ----

    @Test
    void constantAndZeroWeightsAreErrors() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.CONSTANT, value = 0.5)) Layer hidden;",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.ZEROS)) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[KILN-E014] layer 'hidden' of model Net initializes every weight to constant(0.5): "
                        + "all units of the layer get identical gradients, so the symmetry between them is never broken. "
                        + "Hint: use a random scheme such as Scheme.KAIMING_NORMAL, or leave weightInit unset; "
                        + "if constant weights are intended, put @SuppressWarnings(Lints.CONSTANT_INIT) on the field")
                .inFile(source).onLineContaining("value = 0.5");
        assertThat(compilation).hadErrorContaining("[KILN-E014] layer 'out' of model Net initializes every weight to zeros")
                .inFile(source).onLineContaining("Scheme.ZEROS");
        assertEquals(2, kiln(compilation, Diagnostic.Kind.ERROR));
    }

    @Test
    void constantWeightsCompileWhenSuppressedOnTheField() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
                "  @SuppressWarnings(Lints.CONSTANT_INIT)",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.ZEROS)) Layer out;");
        assertThat(Models.compile(source)).succeededWithoutWarnings();
    }

    @Test
    void suppressingOnTheClassDoesNotAllowConstantWeights() {
        JavaFileObject source = Models.source("Net",
                "@SuppressWarnings(Lints.CONSTANT_INIT)",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.ZEROS)) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E014] layer 'out'").inFile(source).onLineContaining("Scheme.ZEROS");
    }

    @Test
    void constantBiasesAreFine() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU, biasInit = @Init(scheme = Scheme.CONSTANT, value = 0.01)) Layer hidden;",
                "  @Dense(units = 1, biasInit = @Init(scheme = Scheme.ZEROS)) Layer out;");
        assertThat(Models.compile(source)).succeededWithoutWarnings();
    }

    // ---- shape misfits: KILN-E013 ----

    @Test
    void identityNeedsASquareWeight() {
        JavaFileObject source = net(
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.IDENTITY)) Layer square;",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.IDENTITY)) Layer narrow;",
                "  @Dense(units = 1) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E013] layer 'narrow' of model Net: weightInit IDENTITY needs a square weight, "
                        + "but W is [8, 4]. Hint: give the layer units = 8, or use Scheme.ORTHOGONAL, which suits any shape")
                .inFile(source).onLineContaining("Scheme.IDENTITY)) Layer narrow");
        assertEquals(1, kiln(compilation, Diagnostic.Kind.ERROR), "the square identity layer is fine");
    }

    @Test
    void diracIsForConvKernels() {
        JavaFileObject source = net(
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.DIRAC)) Layer hidden;",
                "  @Dense(units = 1) Layer out;");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E013] layer 'hidden' of model Net: weightInit DIRAC is for conv kernels "
                        + "[outC, inC, kH, kW], but a Dense weight is [8, 8]. Hint: use Scheme.IDENTITY for a square Dense weight")
                .inFile(source).onLineContaining("Scheme.DIRAC");
    }

    @Test
    void matrixSchemesCannotInitializeABias() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         biasInit = @Init(scheme = Scheme.ORTHOGONAL)) Layer hidden;",
                "  @Dense(units = 1, biasInit = @Init(scheme = Scheme.SPARSE, sparsity = 0.5, std = 0.1)) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E013] layer 'hidden' of model Net: biasInit uses ORTHOGONAL, which needs a weight "
                        + "matrix; a bias is a vector. Hint: use Scheme.ZEROS or Scheme.CONSTANT for the bias, or leave biasInit unset")
                .inFile(source).onLineContaining("Scheme.ORTHOGONAL");
        assertThat(compilation).hadErrorContaining("[KILN-E013] layer 'out' of model Net: biasInit uses SPARSE")
                .inFile(source).onLineContaining("Scheme.SPARSE");
    }

    // ---- parameters: KILN-E009 and KILN-E010 ----

    @Test
    void truncatedNormalWindowMustKeepEnoughDraws() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, std = 0.1, low = 0.3, high = 0.4)) Layer far;",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, std = 0.1, low = 0.1,",
                "                            high = -0.1)) Layer swapped;",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, mean = 1)) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'far' of model Net: weightInit: TRUNCATED_NORMAL window [0.3, 0.4] keeps "
                        + "only 0.00131823 of N(0, 0.1^2), so drawing until a value falls inside takes over 100 draws per weight")
                .inFile(source).onLineContaining("low = 0.3, high = 0.4");
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'swapped' of model Net: weightInit: TRUNCATED_NORMAL needs finite bounds "
                        + "with low < high but has low = 0.1, high = -0.1")
                .inFile(source).onLineContaining("high = -0.1");
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'out' of model Net: weightInit: TRUNCATED_NORMAL needs a positive, finite std")
                .inFile(source).onLineContaining("mean = 1");
    }

    @Test
    void sparseNeedsASparsityBelowOne() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.SPARSE, sparsity = 1.0, std = 0.5)) Layer hidden;",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.SPARSE, std = 0.5)) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'hidden' of model Net: weightInit: SPARSE needs a sparsity in [0, 1), "
                        + "the fraction of each unit's incoming weights set to zero, got 1")
                .inFile(source).onLineContaining("sparsity = 1.0");
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'out' of model Net: weightInit: SPARSE needs a sparsity in [0, 1)")
                .inFile(source).onLineContaining("Layer out");
    }

    @Test
    void varianceScalingScaleAndKaimingMode() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = -2)) Layer negative;",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.KAIMING_NORMAL, mode = FanMode.FAN_AVG)) Layer average;",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.ORTHOGONAL, scale = 2)) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'negative' of model Net: weightInit: VARIANCE_SCALING needs a positive, "
                        + "finite scale, got -2. Hint: the variance is scale / fan: scale = 2 for ReLU, 1 for a linear layer")
                .inFile(source).onLineContaining("scale = -2");
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'average' of model Net: weightInit: KAIMING_NORMAL divides by fan_in or "
                        + "fan_out, not fan_avg")
                .inFile(source).onLineContaining("FanMode.FAN_AVG");
        assertThat(compilation).hadErrorContaining("[KILN-E009] layer 'out' of model Net: weightInit sets scale but scheme ORTHOGONAL does not use it. "
                        + "Hint: remove scale; ORTHOGONAL reads only gain")
                .inFile(source).onLineContaining("scale = 2");
    }

    @Test
    void distributionBelongsToVarianceScalingOnly() {
        JavaFileObject source = net(
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.KAIMING_NORMAL, distribution = Distribution.UNIFORM)) Layer hidden;",
                "  @Dense(units = 1) Layer out;");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E009] layer 'hidden' of model Net: weightInit sets distribution but "
                        + "scheme KAIMING_NORMAL does not use it. Hint: remove distribution; KAIMING_NORMAL reads only gain and mode")
                .inFile(source).onLineContaining("Distribution.UNIFORM");
    }

    // ---- lints ----

    @Test
    void seluWantsLecunNormalWhateverTheScheme() {
        JavaFileObject source = net(
                "  @Dense(units = 8, activation = Activation.SELU,",
                "         weightInit = @Init(scheme = Scheme.ORTHOGONAL)) Layer orthogonal;",
                "  @Dense(units = 8, activation = Activation.SELU,",
                "         weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, distribution = Distribution.UNIFORM)) Layer uniform;",
                "  @Dense(units = 8, activation = Activation.SELU,",
                "         weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 1, mode = FanMode.FAN_IN)) Layer lecun;",
                "  @Dense(units = 1) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W001] layer 'orthogonal' of model Net initializes weights with ORTHOGONAL before selu; "
                        + "SELU keeps activations at mean 0 and variance 1 only with LeCun normal weights. Hint: use Scheme.LECUN_NORMAL")
                .inFile(source).onLineContaining("Scheme.ORTHOGONAL");
        assertThat(compilation).hadWarningContaining("[KILN-W001] layer 'uniform' of model Net initializes weights with VARIANCE_SCALING before selu")
                .inFile(source).onLineContaining("Distribution.UNIFORM");
        assertEquals(2, kiln(compilation, Diagnostic.Kind.WARNING), "variance scaling (1, fan_in, normal) is LeCun normal");
    }

    @Test
    void fixedScalesOfEveryKindAreChecked() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 100, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.UNIFORM, low = -0.001, high = 0.001)) Layer uniform;",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, std = 1)) Layer truncated;",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.SPARSE, sparsity = 0.9, std = 0.1)) Layer sparse;",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.SPARSE, sparsity = 0.9, std = 0.4472)) Layer sparseRight;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W005] layer 'uniform' of model Net draws weights with std 6.0E-4: fanIn * std^2 / gain^2 = 0 "
                        + "is outside [0.25, 4], so the signal shrinks by that factor per layer. Hint: use low = -0.2449, high = 0.2449")
                .inFile(source).onLineContaining("low = -0.001");
        assertThat(compilation).hadWarningContaining("[KILN-W005] layer 'truncated' of model Net draws weights with std 0.8796: "
                        + "fanIn * std^2 / gain^2 = 38.6871 is outside [0.25, 4], so the signal grows by that factor per layer. "
                        + "Hint: aim for an effective std of 0.1414")
                .inFile(source).onLineContaining("std = 1)");
        assertThat(compilation).hadWarningContaining("[KILN-W005] layer 'sparse' of model Net draws weights with std 0.0316: "
                        + "fanIn * std^2 / gain^2 = 0.05 is outside [0.25, 4], so the signal shrinks by that factor per layer. Hint: use std = 0.4472")
                .inFile(source).onLineContaining("std = 0.1)");
        assertEquals(3, kiln(compilation, Diagnostic.Kind.WARNING), compilation.diagnostics().toString());
    }

    @Test
    void orthogonalGainIsComparedWithTheActivation() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 64, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 64, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.ORTHOGONAL)) Layer unitGain;",
                "  @Dense(units = 64, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.ORTHOGONAL, gain = 1.4142)) Layer reluGain;",
                "  @Dense(units = 256, activation = Activation.TANH, weightInit = @Init(scheme = Scheme.ORTHOGONAL)) Layer wide;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W006] layer 'unitGain' of model Net initializes weights with orthogonal(gain=1) before relu: "
                        + "fanIn * E[w^2] = 1 where 2 keeps the signal's scale, so its second moment shrinks by a factor of 0.5 per layer. "
                        + "Hint: use gain = 1.4142, or run LSUV on real batches")
                .inFile(source).onLineContaining("Layer unitGain");
        // 64 -> 256: the columns of a wide orthogonal W share 64/256 of the norm.
        assertThat(compilation).hadWarningContaining("[KILN-W006] layer 'wide' of model Net initializes weights with orthogonal(gain=1) before tanh: "
                        + "fanIn * E[w^2] = 0.25 where 1 keeps the signal's scale, so its second moment shrinks by a factor of 0.25 per layer. "
                        + "Hint: use gain = 2")
                .inFile(source).onLineContaining("Layer wide");
        assertEquals(2, kiln(compilation, Diagnostic.Kind.WARNING), compilation.diagnostics().toString());
    }

    @Test
    void varianceScalingIsComparedWithTheActivation() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 300, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 1)) Layer lecunLike;",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 2, distribution = Distribution.TRUNCATED_NORMAL)) Layer heLike;",
                "  @Dense(units = 100, activation = Activation.TANH,",
                "         weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 3, mode = FanMode.FAN_OUT)) Layer fanOut;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W006] layer 'lecunLike' of model Net initializes weights with "
                        + "variance_scaling(scale=1, fan_in, normal) before relu: fanIn * E[w^2] = 1 where 2 keeps the signal's scale, "
                        + "so its second moment shrinks by a factor of 0.5 per layer. Hint: use scale = 2")
                .inFile(source).onLineContaining("scale = 1)");
        assertThat(compilation).hadWarningContaining("[KILN-W006] layer 'fanOut' of model Net initializes weights with "
                        + "variance_scaling(scale=3, fan_out, normal) before tanh: fanIn * E[w^2] = 3 where 1 keeps the signal's scale, "
                        + "so its second moment grows by a factor of 3 per layer. Hint: use scale = 1")
                .inFile(source).onLineContaining("FanMode.FAN_OUT");
        assertEquals(2, kiln(compilation, Diagnostic.Kind.WARNING), compilation.diagnostics().toString());
    }

    @Test
    void identityGainIsComparedWithOne() {
        JavaFileObject source = net(
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.IDENTITY)) Layer keep;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.IDENTITY, gain = 1.5)) Layer grow;",
                "  @Dense(units = 1) Layer out;");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W006] layer 'grow' of model Net initializes weights with identity(gain=1.5) before relu: "
                        + "fanIn * E[w^2] = 2.25 where 1 keeps the signal's scale, so its second moment grows by a factor of 2.25 per layer. "
                        + "Hint: use gain = 1: an identity map passes the signal on unchanged")
                .inFile(source).onLineContaining("gain = 1.5");
        assertEquals(1, kiln(compilation, Diagnostic.Kind.WARNING), compilation.diagnostics().toString());
    }

    @Test
    void everySchemeCompilesIntoAWorkingClass() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.ORTHOGONAL, gain = 1.5)) Layer a;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.IDENTITY)) Layer b;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 2,",
                "         mode = FanMode.FAN_AVG, distribution = Distribution.TRUNCATED_NORMAL)) Layer c;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, std = 0.5)) Layer d;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.SPARSE, sparsity = 0.25, std = 0.6)) Layer e;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
                .contains("InitSpec.varianceScaling(2.0, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL)");
        assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
                .contains("InitSpec.truncatedNormal(0.0, 0.5, -1.0, 1.0)");
        assertThat(compilation).generatedSourceFile("test.NetNet").contentsAsUtf8String()
                .contains("InitSpec.sparse(0.25, 0.6)");
    }

    @Test
    void summaryShowsEveryNewSchemeWithItsParameters() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.ORTHOGONAL, gain = 1.4142135623730951)) Layer a;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.VARIANCE_SCALING, scale = 2,",
                "         distribution = Distribution.TRUNCATED_NORMAL)) Layer b;",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.SPARSE, sparsity = 0.5, std = 0.7071)) Layer c;",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, std = 0.02)) Layer d;",
                "}");
        Compilation compilation = Models.compileWithOptions(java.util.List.of("-Akiln.summary=true"), source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).hadNoteContaining("W orthogonal(gain=1.41421), b zeros");
        assertThat(compilation).hadNoteContaining("W variance_scaling(scale=2, fan_in, truncated_normal), b zeros");
        assertThat(compilation).hadNoteContaining("W sparse(sparsity=0.5, std=0.7071), b zeros");
        assertThat(compilation).hadNoteContaining("W truncated_normal(mean=0, std=0.02, low=-0.04, high=0.04), b zeros");
    }

    /** Kaiming biases with their gains unset, before a ReLU and before the linear output. */
    private static final JavaFileObject KAIMING_BIAS = Models.source("KaimingBias",
            "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
            "class KaimingBias {",
            "  @Dense(units = 3, activation = Activation.RELU, biasInit = @Init(scheme = Scheme.KAIMING_NORMAL)) Layer hidden;",
            "  @Dense(units = 1, biasInit = @Init(scheme = Scheme.KAIMING_UNIFORM)) Layer out;",
            "}");

    /** A bias initializer with a gain left unset is made concrete like a weight's: an accepted model must construct. */
    @Test
    void aKaimingBiasGetsTheGainOfTheActivationItFeedsAndTheNetConstructs() {
        KilnNet net = GeneratedNets.construct(Models.compile(KAIMING_BIAS), "test.KaimingBiasNet"); // asserts that it compiled
        Map<String, Double> gains = new HashMap<>();
        for (LayerSpec layer : net.graph().layers()) {
            if (layer instanceof DenseSpec dense) {
                gains.put(dense.name(), dense.biasInit().gain());
            }
        }
        assertEquals(Map.of("hidden", Math.sqrt(2), "out", 1.0), gains);
        GeneratedNets.forwardAndTrainStep(net);
    }
}
