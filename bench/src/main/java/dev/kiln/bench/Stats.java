package dev.kiln.bench;

import java.util.Arrays;

/** Median and spread of a handful of per-round measurements. */
record Stats(double median, double p25, double p75, double min, double max, int count) {

    static Stats of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
                sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** Linear interpolation between order statistics. */
    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /** Relative interquartile spread, (p75 - p25) / median. */
    double relativeSpread() {
        return (p75 - p25) / median;
    }
}
