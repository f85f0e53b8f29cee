package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.TypeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Source javac cannot resolve (an undefined constant, enum constant, annotation, field type or
 * superclass, in the model, its superclass or its block class) gets javac's error and nothing from
 * Kiln on top; a symbol that another processor generates in an earlier round is waited for.
 */
class ErroneousSourceTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "@Dense(units = UNDEFINED) Layer out;",
            "@Dense(units = 1, activation = Activation.NOPE) Layer out;",
            "@Dense(units = 1, activationParameter = UNDEFINED, activation = Activation.ELU) Layer out;",
            "@Dense(units = 1, weightInit = @Init(scheme = Scheme.NOPE)) Layer out;",
            "@Dense(units = 1, weightInit = @Nope) Layer out;",
            "@Dense(units = 1, weightInit = @Init(std = UNDEFINED, scheme = Scheme.NORMAL)) Layer out;",
            "@Dense(units = \"four\") Layer out;",
            "@Dense(units = 1) Missing out;",
            "@Dense(units = 1) @Nope Layer out;",
            "@Reshape({4, UNDEFINED}) Layer image; @Flatten Layer flat; @Dense(units = 1) Layer out;",
            "@Residual(strideAt = UNDEFINED) Block stage; @Dense(units = 1) Layer out;",
            "@Residual Missing stage; @Dense(units = 1) Layer out;",
            "@Residual Broken stage; @Dense(units = 1) Layer out;",
            "@Transition(compression = UNDEFINED) Layer down; @Dense(units = 1) Layer out;"})
    void onlyJavacReportsTheFieldThatDoesNotCompile(String fields) {
        assertOnlyJavacErrors(Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  static class Block { @Dense(units = 4, activation = Activation.RELU) Layer dense; }",
                "  static class Broken { @Dense(units = NOPE) Layer dense; }",
                "  " + fields,
                "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "@Model(input = {UNDEFINED}, loss = Loss.MEAN_SQUARED_ERROR) class Bad { @Dense(units = 1) Layer out; }",
            "@Model(input = 4, loss = Loss.NOPE) class Bad { @Dense(units = 1) Layer out; }",
            "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR, training = @Training(learningRate = X)) class Bad { @Dense(units = 1) Layer out; }",
            "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR) class Bad extends Missing { @Dense(units = 1) Layer out; }",
            "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR) class Bad extends Base { @Dense(units = 1) Layer out; }"
                    + " class Base { @Dense(units = UNDEFINED) Layer hidden; }"})
    void onlyJavacReportsTheModelAnnotationOrSuperclassThatDoesNotCompile(String model) {
        assertOnlyJavacErrors(Models.source("Bad", model));
    }

    @Test
    void anErrorElsewhereInTheClassDoesNotStopKiln() {
        Compilation compilation = Models.compile(Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 0) Layer out;",
                "  void method() { int x = undefined; }",
                "}"));
        assertThat(compilation).hadErrorContaining("[KILN-E002] layer 'out' of model Bad has units = 0");
    }

    @Test
    void aConstantThatAnotherProcessorGeneratesIsWaitedFor() {
        JavaFileObject model = Models.source("Sized",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Sized {",
                "  @Dense(units = Sizes.UNITS) Layer out;",
                "}");
        Compilation compilation = javac().withProcessors(new KilnProcessor(), new SizesProcessor()).compile(model);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.SizedNet").contentsAsUtf8String()
                .contains("new DenseSpec(\"out\", 3, true");
    }

    private static void assertOnlyJavacErrors(JavaFileObject source) {
        Compilation compilation = Models.compile(source);
        assertThat(compilation).failed();
        List<String> kiln = compilation.diagnostics().stream().map(d -> d.getMessage(null)).filter(m -> m.contains("KILN-")).toList();
        assertEquals(List.of(), kiln);
        assertFalse(compilation.errors().isEmpty());
        assertFalse(compilation.diagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.WARNING), compilation.diagnostics().toString());
    }

    /** Generates {@code test.Sizes} with {@code UNITS = 3} in its first round, as a code generator would. */
    private static final class SizesProcessor extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                TypeSpec sizes = TypeSpec.classBuilder("Sizes").addField(FieldSpec.builder(int.class, "UNITS",
                        Modifier.STATIC, Modifier.FINAL).initializer("3").build()).build();
                try {
                    JavaFile.builder("test", sizes).build().writeTo(processingEnv.getFiler());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
