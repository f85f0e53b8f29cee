package dev.kiln.runtime.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A training history as a plain-text table, one row per epoch, one column per loss and metric. */
final class HistoryTable {
    private HistoryTable() {
    }

    static String render(List<EpochResult> epochs) {
        Set<String> trainNames = new LinkedHashSet<>();
        Set<String> testNames = new LinkedHashSet<>();
        boolean heldOut = false;
        for (EpochResult e : epochs) {
            trainNames.addAll(e.trainMetrics().names());
            testNames.addAll(e.testMetrics().names());
            heldOut |= !Double.isNaN(e.testLoss());
        }
        List<String> header = new ArrayList<>(List.of("epoch", "train loss"));
        trainNames.forEach(name -> header.add("train " + name));
        if (heldOut) {
            header.add("test loss");
            testNames.forEach(name -> header.add("test " + name));
        }
        header.add("seconds");
        List<List<String>> rows = new ArrayList<>();
        for (EpochResult e : epochs) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(e.epoch()));
            row.add(number(e.trainLoss()));
            trainNames.forEach(name -> row.add(number(e.trainMetrics().getOrNaN(name))));
            if (heldOut) {
                row.add(number(e.testLoss()));
                testNames.forEach(name -> row.add(number(e.testMetrics().getOrNaN(name))));
            }
            row.add(String.format(Locale.ROOT, "%.1f", e.seconds()));
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        out.append('\n');
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            out.append(c == 0 ? "" : " | ").append(String.format(Locale.ROOT, "%" + widths[c] + "s", cells.get(c)));
        }
        out.append('\n');
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
