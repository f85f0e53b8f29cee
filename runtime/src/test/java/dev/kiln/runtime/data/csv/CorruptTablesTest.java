package dev.kiln.runtime.data.csv;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated tables with one corruption each, at a random row and column: the error names the file,
 * the corrupted line and, where the problem is a cell, its column.
 */
class CorruptTablesTest {
    private static final int ROWS = 60;
    private static final int COLUMNS = 4;

    @TempDir
    Path dir;

    @RepeatedTest(40)
    void everyCorruptionIsReportedAtItsLine(RepetitionInfo repetition) throws IOException {
        SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
        int badRow = random.nextInt(ROWS);
        int badColumn = random.nextInt(COLUMNS);
        int kind = random.nextInt(4);
        StringBuilder text = new StringBuilder("f0,f1,f2,f3,label\n");
        for (int row = 0; row < ROWS; row++) {
            String[] cells = new String[COLUMNS + 1];
            for (int c = 0; c < COLUMNS; c++) {
                cells[c] = Double.toString(random.nextDouble(-10, 10));
            }
            cells[COLUMNS] = "class" + random.nextInt(3);
            String line = String.join(",", cells);
            if (row == badRow) {
                cells[badColumn] = switch (kind) {
                    case 0 -> "";               // missing
                    case 1 -> "12,5";           // an extra field: a decimal comma
                    case 2 -> "1.5.2";          // not a number
                    default -> cells[badColumn] + "x";
                };
                line = String.join(",", cells);
            }
            text.append(line).append('\n');
        }
        Path file = Files.writeString(dir.resolve("corrupt" + repetition.getCurrentRepetition() + ".csv"), text);
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> CsvLoader.of(file).classTarget("label").load());
        long line = badRow + 2;
        String expected = kind == 1 ? "line " + line + " has 6 fields, the header has 5"
                : "line " + line + ", column " + badColumn + " ('f" + badColumn + "'): ";
        assertTrue(e.getMessage().startsWith(file + ": 1 problem:") && e.getMessage().contains(expected),
                "kind " + kind + ": " + e.getMessage());
    }
}
