package dev.kiln.runtime.data.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of a delimited text file with Apache Commons CSV: UTF-8 (a byte-order mark is
 * skipped), gzip-compressed or not (told by the first two bytes), lines skipped before the header,
 * fields trimmed, empty lines ignored. Every record must have as many fields as the header (or, in a
 * file without one, the first row); one that has not is a problem naming its line.
 */
final class CsvRecords {
    /** Receives the column names, then every well-formed record with the line it starts on (1-based). */
    interface Sink {
        void columns(List<String> names) throws TableFormatException;

        void record(CSVRecord record, long line);
    }

    private CsvRecords() {
    }

    static void read(Path file, CsvSettings settings, Problems problems, Sink sink) throws IOException {
        try (BufferedReader reader = open(file)) {
            for (int i = 0; i < settings.skipLines(); i++) {
                if (reader.readLine() == null) {
                    throw new TableFormatException(file + ": has " + i + " lines, fewer than the " + settings.skipLines()
                            + " to skip");
                }
            }
            CSVFormat.Builder format = CSVFormat.RFC4180.builder().setDelimiter(settings.delimiter())
                    .setQuote(settings.quote()).setIgnoreEmptyLines(true).setTrim(true);
            if (settings.comment() != null) {
                format.setCommentMarker(settings.comment());
            }
            try (CSVParser parser = CSVParser.parse(reader, format.get())) {
                readRecords(file, settings, problems, sink, parser);
            } catch (UncheckedIOException e) {
                // Commons CSV reports a malformed file (an unclosed quote, say) this way, with the line.
                throw new TableFormatException(file + ": malformed delimited text after skipping " + settings.skipLines()
                        + " lines: " + e.getCause().getMessage(), e);
            }
        } catch (NoSuchFileException e) {
            throw new TableFormatException(file + ": no such file", e);
        }
    }

    private static void readRecords(Path file, CsvSettings settings, Problems problems, Sink sink, CSVParser parser)
            throws TableFormatException {
        int fields = -1;
        boolean named = false;
        for (CSVRecord record : parser) {
            long line = settings.skipLines() + parser.getCurrentLineNumber() - lineBreaksInside(record);
            if (fields < 0) {
                fields = record.size();
                List<String> names = names(file, settings, record);
                sink.columns(names);
                named = true;
                if (settings.header()) {
                    continue;
                }
            }
            if (record.size() != fields) {
                problems.add("line " + line + " has " + record.size() + " fields, " + (settings.header() ? "the header has "
                        : "the first row has ") + fields);
                continue;
            }
            sink.record(record, line);
        }
        if (!named) {
            throw new TableFormatException(file + ": holds no rows" + (settings.skipLines() > 0 ? " after the "
                    + settings.skipLines() + " lines skipped" : ""));
        }
    }

    private static List<String> names(Path file, CsvSettings settings, CSVRecord first) throws TableFormatException {
        List<String> names = new ArrayList<>();
        if (settings.header()) {
            first.forEach(names::add);
        } else if (!settings.columnNames().isEmpty()) {
            if (settings.columnNames().size() != first.size()) {
                throw new TableFormatException(file + ": " + settings.columnNames().size() + " column names given but the"
                        + " first row has " + first.size() + " fields");
            }
            names.addAll(settings.columnNames());
        } else {
            for (int i = 0; i < first.size(); i++) {
                names.add("column" + i);
            }
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new TableFormatException(file + ": two columns are named '" + name + "'; the columns are " + names);
            }
        }
        return names;
    }

    /** Commons CSV counts lines up to a record's end; a quoted field with line breaks started earlier. */
    private static int lineBreaksInside(CSVRecord record) {
        int breaks = 0;
        for (String value : record) {
            for (int at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) {
                breaks++;
            }
        }
        return breaks;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(3);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        skipByteOrderMark(in);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void skipByteOrderMark(InputStream in) throws IOException {
        in.mark(3);
        byte[] start = in.readNBytes(3);
        if (!(start.length == 3 && (start[0] & 0xff) == 0xEF && (start[1] & 0xff) == 0xBB && (start[2] & 0xff) == 0xBF)) {
            in.reset();
        }
    }
}
