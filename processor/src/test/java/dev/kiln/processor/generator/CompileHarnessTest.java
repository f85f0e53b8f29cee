package dev.kiln.processor.generator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generator's classification, on cases whose outcome is known: a sound model is accepted and
 * its net runs, also when a case compiled with it has errors; a Kiln error is reported with its id;
 * invalid Java is javac's; a net used but never generated, with nothing else wrong, is caught.
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
}
