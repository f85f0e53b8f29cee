package dev.kiln.runtime.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a gradient check: for every checked tensor, the largest relative error
 * |a - n| / max(|a| + |n|, 1e-12) between analytic (a) and central-difference (n) derivatives, and
 * where it occurred. A NaN or infinite derivative counts as an infinite error.
 */
public final class GradCheckReport {

    /**
     * One tensor's result.
     *
     * @param name               the tensor, e.g. {@code fc1.W}
     * @param shape              its shape
     * @param coordinatesChecked how many of its elements were perturbed
     * @param maxRelativeError   the worst relative error among them (0 when none was checked)
     * @param worstIndex         the multi-index of the worst element
     * @param analytic           the analytic derivative there
     * @param numeric            the central-difference derivative there
     */
    public record Entry(String name, long[] shape, int coordinatesChecked, double maxRelativeError,
                        long[] worstIndex, double analytic, double numeric) {

        public long size() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    private final List<Entry> entries;
    private final double tolerance;

    GradCheckReport(List<Entry> entries, double tolerance) {
        this.entries = List.copyOf(entries);
        this.tolerance = tolerance;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The result for one tensor by name; throws if it was not checked. */
    public Entry entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor '" + name + "' in this report"));
    }

    public double tolerance() {
        return tolerance;
    }

    /** The worst relative error over all tensors. */
    public double maxRelativeError() {
        return entries.stream().mapToDouble(Entry::maxRelativeError).max().orElse(0.0);
    }

    /** True when every checked coordinate has relative error below the tolerance. */
    public boolean passed() {
        return maxRelativeError() < tolerance;
    }

    @Override
    public String toString() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Gradient check %s (tolerance %.1e, max relative error %.3e)%n",
                passed() ? "PASSED" : "FAILED", tolerance, maxRelativeError()));
        String row = "%-20s %-16s %9s %12s %-14s %15s %15s  %s%n";
        table.append(String.format(Locale.ROOT, row, "tensor", "shape", "checked", "max rel err", "worst at",
                "analytic", "numeric", ""));
        for (Entry e : entries) {
            table.append(String.format(Locale.ROOT, row, e.name(), Arrays.toString(e.shape()),
                    e.coordinatesChecked() + "/" + e.size(), String.format(Locale.ROOT, "%.3e", e.maxRelativeError()),
                    Arrays.toString(e.worstIndex()), String.format(Locale.ROOT, "%.8e", e.analytic()),
                    String.format(Locale.ROOT, "%.8e", e.numeric()), e.maxRelativeError() < tolerance ? "ok" : "FAIL"));
        }
        return table.toString();
    }
}
