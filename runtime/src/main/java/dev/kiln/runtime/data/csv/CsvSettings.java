package dev.kiln.runtime.data.csv;

import java.util.List;
import java.util.Set;

/**
 * How a delimited text file is read: what {@link CsvLoader}'s format settings declare.
 *
 * @param delimiter     field separator
 * @param quote         quote character (fields holding delimiters, quotes or line breaks are quoted)
 * @param comment       lines starting with it are skipped; null for none
 * @param skipLines     physical lines skipped before the header (or the first row)
 * @param header        whether the first row names the columns
 * @param columnNames   names for a file without a header; empty for {@code column0, column1, ...}
 * @param missingTokens field values (after trimming) that mean "missing"
 */
record CsvSettings(char delimiter, char quote, Character comment, int skipLines, boolean header,
                   List<String> columnNames, Set<String> missingTokens) {
}
