package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upper estimate of the bytecode a piece of generated code compiles to, from its source, so
 * that no generated method comes near the JVM's 64 KB limit on a method's code. Generated code is
 * calls, field reads and constants; each identifier, literal or opening bracket compiles to at most
 * a few bytes (a field read {@code aload} + {@code getfield} is 4, a call 3 or 5 plus its arguments,
 * a constant 1 to 3, a package-qualified type name one 3-byte reference), so five bytes per token
 * overestimates, by about two.
 */
final class CodeSize {
    /** Estimated bytes per token: at least what any token of generated code compiles to. */
    static final int BYTES_PER_TOKEN = 5;

    /**
     * A qualified type name (one reference), an identifier, a number, a string, or an opening
     * bracket (a call or an array); or a line comment, which compiles to nothing and is not counted.
     */
    private static final Pattern TOKEN = Pattern.compile(
            "(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*|[A-Za-z_$][\\w$]*|\\d[\\w.]*|\"(?:\\\\.|[^\"\\\\])*\"|[(\\[{]|//[^\n]*");

    private CodeSize() {
    }

    static long bytes(CodeBlock code) {
        return tokens(source(code)) * BYTES_PER_TOKEN;
    }

    /**
     * The code as text. Rendered inside a few levels of indentation: a step may close a block that
     * an earlier step opened (a stochastic-depth gate), and alone would unindent below zero.
     */
    static String source(CodeBlock code) {
        return CodeBlock.builder().indent().indent().add(code).build().toString();
    }

    /** The estimate for a statement written out as text, e.g. {@code "fc1W = drawn[0]"}. */
    static long bytes(String source) {
        return tokens(source) * BYTES_PER_TOKEN;
    }

    private static long tokens(String source) {
        Matcher matcher = TOKEN.matcher(source);
        long count = 0;
        while (matcher.find()) {
            if (!matcher.group().startsWith("//")) {
                count++;
            }
        }
        return count;
    }
}
