package dev.kiln.samples.fingerprint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * On fixed seeds every sample model's losses, weights, gradients, state buffers, optimizer state and
 * inference output, and those of every optimizer setting, are bitwise what this environment recorded
 * ({@link Goldens}): a refactoring that must not change results proves it did not.
 *
 * <p>Where this environment has no recorded file the test runs every case twice and requires the
 * two runs to agree bit for bit (so the results are reproducible and could be recorded), and prints
 * how to record. {@code scripts/record-fingerprints.sh <case>[,<case>...]} records named cases (after
 * a deliberate change to one model), {@code scripts/record-fingerprints.sh all} the whole file; a
 * recording run also checks that two runs agree before it writes.
 */
class FingerprintTest {
    private static final Set<String> RECORD = Goldens.casesToRecord();
    private static final Map<String, Map<String, String>> RECORDED = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsRecordedFingerprints() throws IOException {
        Optional<Map<String, String>> goldens = Goldens.read();
        if (goldens.isEmpty() && RECORD.isEmpty()) {
            System.out.println("FingerprintTest: no fingerprints recorded for " + Goldens.environment() + " (" + Goldens.file()
                    + "); checking that two runs agree bit for bit instead. Record them with scripts/record-fingerprints.sh all");
        }
        Map<String, FingerprintCases.Case> cases = FingerprintCases.all();
        Set<String> unknown = RECORD.stream().filter(name -> !name.equals("all") && !cases.containsKey(name)).collect(Collectors.toSet());
        assertFalse(!unknown.isEmpty(), () -> "asked to record unknown cases " + unknown + "; the cases are " + cases.keySet());
        return cases.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> check(entry.getKey(), entry.getValue(), goldens)));
    }

    private static void check(String name, FingerprintCases.Case run, Optional<Map<String, String>> goldens) {
        Map<String, String> actual = run.get();
        if (Goldens.recordsAll(RECORD) || RECORD.contains(name)) {
            assertEquals(actual, run.get(), name + ": two runs differ, so there is nothing reproducible to record");
            RECORDED.put(name, actual);
        } else if (goldens.isPresent()) {
            Map<String, String> expected = new TreeMap<>();
            goldens.get().forEach((key, hex) -> Goldens.part(key, name).ifPresent(part -> expected.put(part, hex)));
            if (expected.isEmpty()) {
                fail(name + " has no recorded fingerprints in " + Goldens.file() + "; record them with scripts/record-fingerprints.sh "
                        + name);
            }
            assertEquals(expected.keySet(), actual.keySet(), () -> name + ": the parts recorded in " + Goldens.file()
                    + " are not the parts the run has; re-record with scripts/record-fingerprints.sh " + name);
            for (Map.Entry<String, String> part : actual.entrySet()) {
                assertEquals(expected.get(part.getKey()), part.getValue(), () -> name + ": the " + part.getKey()
                        + " are no longer bitwise what " + Goldens.file() + " recorded. If the change is deliberate, re-record: "
                        + "scripts/record-fingerprints.sh " + name);
            }
        } else {
            assertEquals(actual, run.get(), name + ": two runs with the same seeds differ");
        }
    }

    @AfterAll
    static void writeRecorded() throws IOException {
        if (!RECORDED.isEmpty()) {
            Goldens.write(RECORDED, Goldens.recordsAll(RECORD));
            System.out.println("FingerprintTest: recorded " + RECORDED.keySet() + " into " + Goldens.file());
        }
    }
}
