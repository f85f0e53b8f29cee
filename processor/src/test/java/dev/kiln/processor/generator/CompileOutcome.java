package dev.kiln.processor.generator;

import com.google.testing.compile.Compilation;

import java.util.Set;

/**
 * What compiling a case gave: accepted (the generated classes compiled), rejected with Kiln errors
 * (their ids) or by javac alone (the mutated source is not valid Java), or one of the outcomes
 * the generator exists to find: an internal error, generated code that does not compile, a Kiln
 * error without a place in the case's sources, a net
 * class that was not generated although Kiln reported nothing, a hang, or a crash of the compiler.
 */
record CompileOutcome(Kind kind, Set<String> kilnErrors, String detail, Compilation compilation) {

    enum Kind {
        ACCEPTED(false),
        REJECTED_BY_KILN(false),
        REJECTED_BY_JAVAC(false),
        INTERNAL_ERROR(true),
        GENERATED_CODE_DOES_NOT_COMPILE(true),
        /** A Kiln error with no file or line in the case's sources: the user cannot tell where it is. */
        ERROR_WITHOUT_LOCATION(true),
        NET_NOT_GENERATED(true),
        TIMEOUT(true),
        COMPILER_CRASH(true);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        boolean isFailure() {
            return failure;
        }
    }
}
