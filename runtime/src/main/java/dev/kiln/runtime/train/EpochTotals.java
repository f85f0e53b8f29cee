package dev.kiln.runtime.train;

/**
 * The running sums of the epoch in progress: what its {@link EpochResult} is computed from. Saved in a
 * checkpoint taken in the middle of an epoch, with the running numbers of the training metrics, so the
 * resumed epoch reports what an uninterrupted one would.
 */
final class EpochTotals {
    private static final int VALUES = 5;

    double lossSum;
    long seen;
    int skipped;
    /** Steps of the epoch done, skipped ones included. */
    int steps;
    /** Wall time of the epoch before the current run of it (non-zero only in a resumed epoch). */
    double earlierSeconds;
    /**
     * The training metrics' running numbers ({@code MetricAccumulator.state()}) when the epoch was saved;
     * null in an epoch begun in this run, whose metrics the trainer's accumulator holds.
     */
    double[] metrics;

    /** A copy with another earlier wall time and the metrics' running numbers: what a checkpoint taken now saves. */
    EpochTotals snapshot(double seconds, double[] metricState) {
        EpochTotals copy = of(toArray(), metricState.clone());
        copy.earlierSeconds = seconds;
        return copy;
    }

    /** The sums without the metrics: loss sum, examples seen, skipped steps, steps, earlier seconds. */
    double[] toArray() {
        return new double[] {lossSum, seen, skipped, steps, earlierSeconds};
    }

    static EpochTotals of(double[] values, double[] metrics) {
        if (values.length != VALUES) {
            throw new IllegalArgumentException("epoch totals have " + VALUES + " values, got " + values.length);
        }
        EpochTotals totals = new EpochTotals();
        totals.lossSum = values[0];
        totals.seen = (long) values[1];
        totals.skipped = (int) values[2];
        totals.steps = (int) values[3];
        totals.earlierSeconds = values[4];
        totals.metrics = metrics;
        return totals;
    }
}
