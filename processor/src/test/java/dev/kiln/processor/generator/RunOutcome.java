package dev.kiln.processor.generator;

/**
 * What running an accepted case's nets gave: every net constructed, ran forward and took a
 * training step; a net too large to run in a unit test (counted, not run); a failure, with the
 * net and what went wrong; or no result within the time limit.
 */
record RunOutcome(Kind kind, String detail) {

    enum Kind {
        RAN,
        TOO_LARGE_TO_RUN,
        FAILED,
        /** No result within the time limit: a hang. */
        TIMEOUT
    }
}
