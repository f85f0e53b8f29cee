package dev.kiln.runtime.data.numpy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the header of a .npy file: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Only what numpy writes there
 * is understood: strings in either quote, True and False, integers, and tuples or lists of those;
 * anything else (a structured dtype's list of fields included) is reported with its position.
 */
final class HeaderLiteral {
    private final String text;
    private final String source;
    private int at;

    private HeaderLiteral(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** The dict's entries, in header order: String, Boolean, Long or List values. */
    static Map<String, Object> parseDict(String text, String source) throws NpyFormatException {
        HeaderLiteral parser = new HeaderLiteral(text, source);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.at != text.length()) {
            throw parser.error("unexpected text after the header dict");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw parser.error("the header is not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entries = (Map<String, Object>) map;
        return entries;
    }

    private Object value() throws NpyFormatException {
        skipSpace();
        if (at >= text.length()) {
            throw error("the header ends where a value was expected");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> dict();
            case '(' -> sequence('(', ')');
            case '[' -> sequence('[', ']');
            case '\'', '"' -> string();
            default -> c == '-' || Character.isDigit(c) ? integer() : word();
        };
    }

    private Map<String, Object> dict() throws NpyFormatException {
        Map<String, Object> entries = new LinkedHashMap<>();
        at++;
        while (true) {
            skipSpace();
            if (peek('}')) {
                at++;
                return entries;
            }
            Object key = value();
            if (!(key instanceof String name)) {
                throw error("a header key is not a string");
            }
            skipSpace();
            expect(':');
            entries.put(name, value());
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (!peek('}')) {
                throw error("expected ',' or '}' in the header dict");
            }
        }
    }

    private List<Object> sequence(char open, char close) throws NpyFormatException {
        List<Object> items = new ArrayList<>();
        at++;
        while (true) {
            skipSpace();
            if (peek(close)) {
                at++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (!peek(close)) {
                throw error("expected ',' or '" + close + "' after an item opened by '" + open + "'");
            }
        }
    }

    private String string() throws NpyFormatException {
        char quote = text.charAt(at++);
        int start = at;
        while (at < text.length() && text.charAt(at) != quote) {
            if (text.charAt(at) == '\\') {
                throw error("escape sequences in header strings are not supported");
            }
            at++;
        }
        if (at >= text.length()) {
            throw error("a string in the header is not closed");
        }
        return text.substring(start, at++);
    }

    private Long integer() throws NpyFormatException {
        int start = at;
        if (peek('-')) {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        // numpy 1.x on some platforms wrote dimensions as Python 2 longs, e.g. (3L, 4L).
        String digits = text.substring(start, at);
        if (peek('L')) {
            at++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("'" + digits + "' is not an integer that fits in 64 bits");
        }
    }

    private Boolean word() throws NpyFormatException {
        for (String word : new String[] {"True", "False"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("True");
            }
        }
        throw error("unexpected character '" + text.charAt(at) + "'");
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) throws NpyFormatException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private NpyFormatException error(String what) {
        return new NpyFormatException(source + ": malformed .npy header at character " + at + ": " + what
                + "; the header is " + text.strip());
    }
}
