package dev.kiln.processor.generator;

import dev.kiln.processor.KilnProcessor;
import org.junit.jupiter.api.Test;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generator's classification, on cases whose outcome is known: a sound model is accepted and
 * its net runs, also when a case compiled with it has errors; a Kiln error is reported with its id;
 * invalid Java is javac's; a net used but never generated, with nothing else wrong, is caught; and
 * each failure the generator exists to find is caught when a processor commits it on purpose
 * (Kiln's, with a fault added after it runs).
 */
class CompileHarnessTest {
    private static Case model(String name, String unitsValue) {
        String className = Sources.className("Harness" + name, 0);
        return new Case(name, Case.Origin.ATTRIBUTE, List.of(Sources.of(className, Host.VECTOR.source(className,
                "@Dense(units = " + unitsValue + ") Layer target;"))));
    }

    @Test
    void casesCompiledTogetherAreClassifiedEachByItsOwnDiagnostics() {
        Case sound = model("Sound", "4");
        Case alsoSound = model("AlsoSound", "3");
        Case kilnError = model("KilnError", "0");
        Case notJava = model("NotJava", "\"four\"");
        try (CompileHarness harness = new CompileHarness(120)) {
            Map<Case, CompileOutcome> outcomes = harness.compile(List.of(sound, kilnError, alsoSound, notJava));
            assertEquals(CompileOutcome.Kind.ACCEPTED, outcomes.get(sound).kind());
            assertEquals(CompileOutcome.Kind.ACCEPTED, outcomes.get(alsoSound).kind());
            assertEquals(CompileOutcome.Kind.REJECTED_BY_KILN, outcomes.get(kilnError).kind());
            assertEquals(Set.of("KILN-E002"), outcomes.get(kilnError).kilnErrors());
            assertEquals(CompileOutcome.Kind.REJECTED_BY_JAVAC, outcomes.get(notJava).kind());
            assertEquals(RunOutcome.Kind.RAN, RunHarness.run(outcomes.get(sound).compilation(), sound).kind());
            assertEquals(RunOutcome.Kind.RAN, RunHarness.run(outcomes.get(alsoSound).compilation(), alsoSound).kind());
        }
    }

    @Test
    void aNetUsedButNeverGeneratedIsAFailure() {
        Case silent = new Case("Silent", Case.Origin.MUTATION, List.of(Sources.of("Silent", List.of(
                "class Silent { SilentNet net = new SilentNet(1); }"))));
        try (CompileHarness harness = new CompileHarness(120)) {
            CompileOutcome outcome = harness.compile(List.of(silent)).get(silent);
            assertEquals(CompileOutcome.Kind.NET_NOT_GENERATED, outcome.kind(), outcome.detail());
        }
    }

    @Test
    void aNetTooLargeForATestIsCountedNotRun() {
        Case wide = model("Wide", "100000");
        try (CompileHarness harness = new CompileHarness(120)) {
            CompileOutcome outcome = harness.compile(List.of(wide)).get(wide);
            assertEquals(CompileOutcome.Kind.ACCEPTED, outcome.kind(), outcome.detail());
            assertEquals(RunOutcome.Kind.TOO_LARGE_TO_RUN, RunHarness.run(outcome.compilation(), wide).kind());
        }
    }

    /** Kiln's processor, then {@code fault} on every model class of the first round. */
    private static final class Faulty extends AbstractProcessor {
        private final KilnProcessor kiln = new KilnProcessor();
        private final BiConsumer<ProcessingEnvironment, Element> fault;
        private boolean done;

        Faulty(BiConsumer<ProcessingEnvironment, Element> fault) {
            this.fault = fault;
        }

        @Override
        public synchronized void init(ProcessingEnvironment environment) {
            super.init(environment);
            kiln.init(environment);
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return kiln.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return kiln.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            kiln.process(annotations, round);
            if (!done) {
                done = true;
                TypeElement model = processingEnv.getElementUtils().getTypeElement("dev.kiln.dsl.Model");
                round.getElementsAnnotatedWith(model).forEach(element -> fault.accept(processingEnv, element));
            }
            return false;
        }
    }

    private static CompileOutcome compileWith(BiConsumer<ProcessingEnvironment, Element> fault, long timeoutSeconds) {
        Case sound = model("Faulted", "4");
        try (CompileHarness harness = new CompileHarness(timeoutSeconds, () -> new Faulty(fault))) {
            return harness.compile(List.of(sound)).get(sound);
        }
    }

    @Test
    void anInternalErrorIsAFailure() {
        CompileOutcome outcome = compileWith((environment, model) -> environment.getMessager()
                .printMessage(Diagnostic.Kind.ERROR, "[KILN-E099] internal error", model), 120);
        assertEquals(CompileOutcome.Kind.INTERNAL_ERROR, outcome.kind(), outcome.detail());
    }

    @Test
    void aKilnErrorWithoutAPlaceIsAFailure() {
        CompileOutcome outcome = compileWith((environment, model) -> environment.getMessager()
                .printMessage(Diagnostic.Kind.ERROR, "[KILN-E002] layer 'target' has 0 units"), 120);
        assertEquals(CompileOutcome.Kind.ERROR_WITHOUT_LOCATION, outcome.kind(), outcome.detail());
    }

    @Test
    void generatedCodeThatDoesNotCompileIsAFailure() {
        CompileOutcome outcome = compileWith((environment, model) -> {
            try (Writer out = environment.getFiler().createSourceFile(model + "_Extra", model).openWriter()) {
                out.write("package gen; final class " + model.getSimpleName() + "_Extra { int broken = \"text\"; }");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 120);
        assertEquals(CompileOutcome.Kind.GENERATED_CODE_DOES_NOT_COMPILE, outcome.kind(), outcome.detail());
    }

    @Test
    void aCompilationThatHangsIsAFailure() {
        CompileOutcome outcome = compileWith((environment, model) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 2);
        assertEquals(CompileOutcome.Kind.TIMEOUT, outcome.kind(), outcome.detail());
    }

    @Test
    void aProcessorThatThrowsIsAFailure() {
        CompileOutcome outcome = compileWith((environment, model) -> {
            throw new IllegalStateException("processor bug");
        }, 120);
        assertEquals(CompileOutcome.Kind.COMPILER_CRASH, outcome.kind(), outcome.detail());
    }
}
