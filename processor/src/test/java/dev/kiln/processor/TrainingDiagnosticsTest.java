package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;
import java.io.IOException;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer a model declares: bad values at their attribute, the Adam + L2 hint, and the generated factory. */
class TrainingDiagnosticsTest {

    private static JavaFileObject model(String training) {
        return Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR,",
                "       training = @Training(" + training + "))",
                "class Net {",
                "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
                "  @Dense(units = 1) Layer out;",
                "}");
    }

    @Test
    void scheduleWithoutHorizon() {
        JavaFileObject source = model("optimizer = OptimizerType.ADAMW, schedule = ScheduleType.COSINE");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E021] the training options of model Net: schedule COSINE needs horizonSteps, the number of steps it runs over")
                .inFile(source).onLineContaining("training = @Training");
    }

    @Test
    void nonPositiveLearningRateAndLarsWithoutOne() {
        JavaFileObject source = model("learningRate = -0.1");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E021] the training options of model Net: learningRate = -0.1 must be positive")
                .inFile(source).onLineContaining("learningRate = -0.1");
        JavaFileObject lars = model("optimizer = OptimizerType.LARS");
        assertThat(Models.compile(lars)).hadErrorContaining("[KILN-E021] the training options of model Net: LARS has no default learning rate")
                .inFile(lars).onLineContaining("OptimizerType.LARS");
    }

    @Test
    void rpropHasNoLearningRate() {
        JavaFileObject source = model("optimizer = OptimizerType.RPROP, learningRate = 0.01");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E021] the training options of model Net: RPROP adapts a step per weight")
                .inFile(source).onLineContaining("OptimizerType.RPROP");
    }

    @Test
    void adamWithWeightDecaySuggestsAdamW() {
        JavaFileObject source = model("optimizer = OptimizerType.ADAM, weightDecay = 0.01");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[KILN-W011] model Net trains with ADAM and weightDecay = 0.01, which Adam applies as an L2 penalty")
                .inFile(source).onLineContaining("weightDecay = 0.01");
    }

    @Test
    void generatedFactoryBuildsTheDeclaredChain() throws IOException {
        JavaFileObject source = model("optimizer = OptimizerType.ADAMW, learningRate = 3e-4, weightDecay = 0.05, clipGlobalNorm = 1,"
                + " schedule = ScheduleType.COSINE, warmupSteps = 100, horizonSteps = 5000");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String generated = compilation.generatedSourceFile("test.NetNet").orElseThrow().getCharContent(true).toString();
        assertTrue(generated.contains("return OptimizerKind.ADAMW.create(3.0E-4, 0.05)\n"
                + "                .clipGlobalNorm(1.0)\n"
                + "                .schedule(ScheduleKind.COSINE.create(5000L, 100L));"), generated);
        assertTrue(generated.contains("A new optimizer as the model declares it: ADAMW lr 0.0003, weight decay 0.05, "
                + "global-norm clipping at 1, cosine over 5000 steps after 100 warmup steps."), generated);
    }
}
