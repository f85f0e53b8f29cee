package dev.kiln.runtime.data.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one table, gathered so that one error reports several of them (a user
 * fixing a file sees more than the first) while the count of all is kept.
 */
final class Problems {
    private static final int SHOWN = 10;

    private final String file;
    private final List<String> shown = new ArrayList<>();
    private long count;

    Problems(String file) {
        this.file = file;
    }

    /** A problem at a cell: {@code line} is 1-based in the file, {@code column} the column's description. */
    void at(long line, String column, String what) {
        add("line " + line + ", column " + column + ": " + what);
    }

    void add(String what) {
        count++;
        if (shown.size() < SHOWN) {
            shown.add(what);
        }
    }

    boolean any() {
        return count > 0;
    }

    /** Throws the problems found, if any, with {@code advice} appended. */
    void throwIfAny(String advice) throws TableFormatException {
        if (count == 0) {
            return;
        }
        StringBuilder message = new StringBuilder(file).append(": ");
        message.append(count == 1 ? "1 problem" : count + " problems").append(count > SHOWN ? " (first " + SHOWN + ")" : "")
                .append(":");
        for (String problem : shown) {
            message.append("\n  ").append(problem);
        }
        if (advice != null && !advice.isEmpty()) {
            message.append("\n").append(advice);
        }
        throw new TableFormatException(message.toString());
    }
}
