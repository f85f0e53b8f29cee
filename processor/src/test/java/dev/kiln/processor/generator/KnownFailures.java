package dev.kiln.processor.generator;

import java.util.Map;

/**
 * Cases that fail today for reasons owned elsewhere, each with what fails and whose it is. The test
 * asserts that every one of them still fails, so the list cannot rot: when a fix lands, its case
 * passes, the test fails, and the entry must go.
 */
final class KnownFailures {
    static final Map<String, String> CASES = Map.of();

    private KnownFailures() {
    }
}
